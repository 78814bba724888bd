// The server's answer shapes under the names the pages use, each one a generated schema from
// docs/openapi.json (./schema.d.ts) or a part of one; no field is written here by hand.
import type { Answer, Schemas } from './http';

export type User = Schemas['User'];
export type Me = Schemas['Me'];
export type Role = User['role'];
export type LoginAnswer = Answer<'/api/v1/auth/login', 'post'>;
export type ApiToken = Schemas['ApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];

export type Team = Schemas['Team'];
export type TeamStatus = Team['status'];
export type TeamDetail = Schemas['TeamDetail'];
export type TeamMember = Schemas['TeamMember'];

export type Project = Schemas['Project'];
export type ProjectPage = Schemas['ProjectPage'];
export type ProjectFacets = NonNullable<ProjectPage['facets']>;
export type FacetCounts = ProjectFacets['owner'];
export type ProjectLink = Project['links'][number];
export type ProjectNamespace = Project['namespaces'][number];
export type OwnershipChange = Answer<
  '/api/v1/projects/{slug}/ownership-history',
  'get'
>['items'][number];
export type Relation = Answer<'/api/v1/projects/{slug}/relations', 'get'>['items'][number];

export type Job = Schemas['Job'];
export type SyncRun = Answer<'/api/v1/catalog/sync', 'get'>['items'][number];
export type Orphan = Answer<'/api/v1/catalog/orphans', 'get'>['items'][number];
export type OwnerInfo = Schemas['OwnerInfo'];
export type Scorecards = Schemas['Scorecards'];
export type CatalogImportResult = Schemas['CatalogImportResult'];
export type CatalogProblem = Schemas['CatalogProblem'];
export type CatalogEntity = Schemas['CatalogEntity'];
export type CloudResource = Schemas['CloudResource'];

export type AuditEvent = Schemas['AuditEvent'];
export type PolicyFinding = Schemas['PolicyFinding'];

export type Alert = Schemas['Alert'];
export type AlertDetail = Schemas['AlertDetail'];
export type AlertEvent = Schemas['AlertEvent'];
export type AlertSummary = Schemas['AlertSummary'];
export type AlertGroupSummary = AlertSummary['groups'][number];
export type AlertHistory = Schemas['AlertHistory'];
export type AlertHistoryItem = AlertHistory['items'][number];
export type AlertMessage = Schemas['AlertMessage'];
export type ChatBlock = AlertMessage['blocks'][number];

export type SpecError = Schemas['SpecError'];
export type SpecVersion = Schemas['SpecVersion'];
export type SpecVersionInfo = Schemas['SpecVersionInfo'];
export type SpecValidation = Schemas['SpecValidation'];
export type SpecDiff = Schemas['SpecDiff'];
export type DiffLine = Schemas['DiffLine'];
export type Manifests = Schemas['Manifests'];
export type ProjectPolicy = Schemas['ProjectPolicy'];
export type PolicyException = Schemas['PolicyException'];
export type PolicyRule = Schemas['PolicyRule'];

export type KeyChanges = Schemas['KeyChanges'];
export type ConfigVersion = Schemas['ConfigVersion'];
export type ConfigHistoryEntry = Schemas['ConfigHistoryEntry'];
export type ConfigSetInfo = Schemas['ConfigSetInfo'];
export type ConfigDiff = Schemas['ConfigDiff'];
export type ConfigKeyDiff = Schemas['ConfigKeyDiff'];
export type SecretInfo = Schemas['SecretInfo'];

export type Environment = Schemas['Environment'];
export type Cluster = Schemas['Cluster'];
export type ClusterRuntime = Cluster['runtime'];
export type Standards = Schemas['Standards'];

export type Artifact = Schemas['Artifact'];
export type Deployment = Schemas['Deployment'];
export type DeploymentDetail = Schemas['DeploymentDetail'];
export type DeploymentState = Schemas['DeploymentState'];
export type DeploymentStep = Schemas['DeploymentStep'];
export type DeploymentDiff = Schemas['DeploymentDiff'];
export type ClusterWorkloads = Schemas['ClusterWorkloads'];
export type Workload = Schemas['Workload'];
export type WorkloadInstance = Schemas['WorkloadInstance'];
export type WorkloadEvent = Schemas['WorkloadEvent'];
export type OverviewEntry = Schemas['OverviewEntry'];
export type DeployMetrics = Schemas['DeployMetrics'];
export type TimelineEntry = Schemas['TimelineEntry'];

export type Resource = Schemas['Resource'];
/** The creation's answer: for a Redis its `auth_token`, given this once only. */
export type CreatedResource = Schemas['CreatedResource'];
export type ResourceDetail = Schemas['ResourceDetail'];
export type JournalEntry = Schemas['JournalEntry'];
export type ResourceProfile = Schemas['ResourceProfile'];
export type SourcedValue = Schemas['SourcedValue'];

export type Budget = Schemas['Budget'];
export type BudgetRequest = Schemas['BudgetRequest'];

export type Incident = Schemas['Incident'];
export type IncidentAction = Schemas['IncidentAction'];
export type IncidentLesson = Schemas['IncidentLesson'];
export type IncidentTimelineEntry = Schemas['IncidentTimelineEntry'];
