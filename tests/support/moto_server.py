"""moto's server (moto_server) with the AWS behaviours moto 5.2.1 lacks that Paved relies on.

Usage: python3 moto_server.py -p PORT

moto 5.2.1 answers DeleteCacheSubnetGroup with HTTP 500 (not implemented) and keeps a
replication group in status "deleting" forever, so a test could never see a Redis deleted. It
does not implement ModifyReplicationGroup, IncreaseReplicaCount or DecreaseReplicaCount
either, and a group made with NumCacheClusters (no cluster mode) gets one member whatever the
number. DynamoDB's TagResource appends a tag whose key the table already has instead of
replacing its value, so a retagged table would carry two `team` tags. This adds exactly those
behaviours, the way AWS documents them, and nothing else:
every other action (CreateCacheParameterGroup and ModifyCacheParameterGroup included, which
moto still does not implement) is moto's own. A changed group is "modifying" on the first
look after the change and "available" again on the next, as a change ends in AWS.
"""
import sys

from moto.core.responses import ActionResult
from moto.dynamodb.models import DynamoDBBackend
from moto.elasticache import models, responses
from moto.elasticache.exceptions import (CacheSubnetGroupNotFound, ElastiCacheException,
                                         InvalidParameterValueException, ReplicationGroupNotFound)
from moto.server import main


class InvalidReplicationGroupState(ElastiCacheException):
    code = "InvalidReplicationGroupState"

    def __init__(self, replication_group_id):
        super().__init__(f"Replication group {replication_group_id} is not available.")


def delete_cache_subnet_group(self):
    name = self._get_param("CacheSubnetGroupName")
    backend = self.elasticache_backend
    if name not in backend.cache_subnet_groups:
        raise CacheSubnetGroupNotFound(name)
    group = backend.cache_subnet_groups.pop(name)
    backend.tagging_service.delete_all_tags_for_resource(group.arn)
    return "<DeleteCacheSubnetGroupResponse><ResponseMetadata><RequestId>1</RequestId>" \
        "</ResponseMetadata></DeleteCacheSubnetGroupResponse>"


_describe = models.ElastiCacheBackend.describe_replication_groups


def describe_replication_groups(self, replication_group_id=None):
    """A group seen "deleting" once is gone on the next look, as AWS ends a deletion; one seen
    "modifying" once is "available" on the next."""
    for rid, group in list(self.replication_groups.items()):
        if group.status == "deleting" and getattr(group, "_seen_deleting", False):
            self.replication_groups.pop(rid)
            self.tagging_service.delete_all_tags_for_resource(group.arn)
        elif group.status == "deleting":
            group._seen_deleting = True
        elif group.status == "modifying" and getattr(group, "_seen_modifying", False):
            group.status = "available"
        elif group.status == "modifying":
            group._seen_modifying = True
    return _describe(self, replication_group_id)


def _set_members(group, count):
    """The group's members become its primary and count - 1 replicas, named as moto names them."""
    node_group = group.node_groups[0]
    domain = node_group["primary_endpoint_address"].split(".", 1)[1]
    group.member_clusters.clear()
    node_group["node_group_members"] = []
    group._set_node_members_clusters_disabled(
        member_clusters=group.member_clusters, replication_group_id=group.replication_group_id,
        replication_group_domain=domain, node_group=node_group, preferred_cache_cluster_azs=[],
        num_cache_clusters=count, replicas_per_node_group=count - 1)


_create = models.ElastiCacheBackend.create_replication_group


def create_replication_group(self, **kwargs):
    """NumCacheClusters members without cluster mode (moto makes one)."""
    group = _create(self, **kwargs)
    count = kwargs.get("num_cache_clusters")
    if group.cluster_mode != "enabled" and count and not kwargs.get("replicas_per_node_group"):
        _set_members(group, count)
    return group


def _available_group(response):
    backend = response.elasticache_backend
    rid = response._get_param("ReplicationGroupId")
    group = backend.replication_groups.get(rid)
    if group is None:
        raise ReplicationGroupNotFound(rid)
    if group.status != "available":
        raise InvalidReplicationGroupState(rid)
    return group


def _modifying(group):
    group.status = "modifying"
    group._seen_modifying = False
    return ActionResult({"ReplicationGroup": group})


def modify_replication_group(self):
    group = _available_group(self)
    if self._get_param("CacheNodeType"):
        group.cache_node_type = self._get_param("CacheNodeType")
    if self._get_param("EngineVersion"):
        group.engine_version = self._get_param("EngineVersion")
    failover = self._get_param("AutomaticFailoverEnabled")
    if failover is not None:
        group.automatic_failover = "enabled" if failover in ("true", True) else "disabled"
    return _modifying(group)


def _change_replicas(self, more):
    group = _available_group(self)
    count = self._get_int_param("NewReplicaCount")
    now = len(group.member_clusters) - 1
    if count is None or (more and count <= now) or (not more and count >= now):
        raise InvalidParameterValueException(
            f"NewReplicaCount {count} must be {'more' if more else 'less'} than {now}")
    if not more and count == 0 and group.automatic_failover == "enabled":
        raise InvalidReplicationGroupState(group.replication_group_id)
    _set_members(group, count + 1)
    return _modifying(group)


def increase_replica_count(self):
    return _change_replicas(self, True)


def decrease_replica_count(self):
    return _change_replicas(self, False)


responses.ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group
def tag_table(self, table_arn, tags):
    """A tag whose key the table has replaces its value, as AWS documents."""
    for table in self.tables.values():
        if table.table_arn == table_arn:
            keys = {tag["Key"] for tag in tags}
            table.tags = [tag for tag in table.tags if tag["Key"] not in keys] + list(tags)


models.ElastiCacheBackend.describe_replication_groups = describe_replication_groups
DynamoDBBackend.tag_resource = tag_table
models.ElastiCacheBackend.create_replication_group = create_replication_group
responses.ElastiCacheResponse.modify_replication_group = modify_replication_group
responses.ElastiCacheResponse.increase_replica_count = increase_replica_count
responses.ElastiCacheResponse.decrease_replica_count = decrease_replica_count

if __name__ == "__main__":
    main(sys.argv[1:])
