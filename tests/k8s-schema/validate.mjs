// Validates Kubernetes objects against the official OpenAPI schemas (kubernetes-models, generated
// from the Kubernetes 1.27 OpenAPI spec; Istio CRD schemas from @kubernetes-models/istio).
//   node validate.mjs objects.json     # a JSON array of objects; exit 1 on any invalid object
//   node validate.mjs --self-check     # shows the validator rejects what it must
import { readFileSync } from "node:fs";

import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule";

const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "batch/v1/CronJob": CronJob,
  "networking.k8s.io/v1/Ingress": Ingress,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.istio.io/v1beta1/DestinationRule": DestinationRule,
};

// Returns null when `obj` is valid, else the reason.
export function problem(obj) {
  const key = `${obj?.apiVersion}/${obj?.kind}`;
  const Model = MODELS[key];
  if (!Model) return `unknown kind ${key}`;
  try {
    new Model(obj).validate();
    return null;
  } catch (e) {
    return e.message;
  }
}

function name(obj) {
  return `${obj?.apiVersion}/${obj?.kind} ${obj?.metadata?.namespace ?? ""}/${obj?.metadata?.name}`;
}

function validateAll(objects) {
  let failures = 0;
  const kinds = new Set();
  for (const obj of objects) {
    const p = problem(obj);
    if (p) {
      failures++;
      console.error(`INVALID ${name(obj)}: ${p}`);
    } else {
      kinds.add(`${obj.apiVersion}/${obj.kind}`);
    }
  }
  console.log(`${objects.length - failures}/${objects.length} objects valid; kinds: ${[...kinds].sort().join(", ")}`);
  return failures === 0;
}

function goodDeployment() {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "chat" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image: "registry.example.com/web@sha256:" + "a".repeat(64) }] },
      },
    },
  };
}

// The validator must accept a good object and reject broken ones, or the real check proves nothing.
function selfCheck() {
  const cases = [
    ["good Deployment", goodDeployment(), true],
    ["replicas as a string", (() => { const d = goodDeployment(); d.spec.replicas = "3"; return d; })(), false],
    ["no selector", (() => { const d = goodDeployment(); delete d.spec.selector; return d; })(), false],
    ["container without name", (() => { const d = goodDeployment(); delete d.spec.template.spec.containers[0].name; return d; })(), false],
    ["unknown kind", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }, false],
    ["DestinationRule locality flag as a string", {
      apiVersion: "networking.istio.io/v1beta1", kind: "DestinationRule", metadata: { name: "web" },
      spec: { host: "web", trafficPolicy: { loadBalancer: { localityLbSetting: { enabled: "yes" } } } },
    }, false],
  ];
  let ok = true;
  for (const [label, obj, valid] of cases) {
    const p = problem(obj);
    const pass = (p === null) === valid;
    ok &&= pass;
    console.log(`${pass ? "ok  " : "FAIL"} ${label}: ${p === null ? "accepted" : "rejected (" + p.split("\n")[0] + ")"}`);
  }
  return ok;
}

const arg = process.argv[2];
if (!arg) {
  console.error("usage: node validate.mjs <objects.json> | --self-check");
  process.exit(2);
}
if (arg === "--self-check") {
  process.exit(selfCheck() ? 0 : 1);
}
const objects = JSON.parse(readFileSync(arg, "utf8"));
if (!Array.isArray(objects) || objects.length === 0) {
  console.error("expected a non-empty JSON array of objects");
  process.exit(1);
}
process.exit(validateAll(objects) ? 0 : 1);
