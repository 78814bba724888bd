"""moto's server (moto_server) with the ElastiCache deletes moto 5.2.1 lacks.

Usage: python3 moto_server.py -p PORT

moto 5.2.1 answers DeleteCacheSubnetGroup with HTTP 500 (not implemented) and keeps a
replication group in status "deleting" forever, so a test could never see a Redis deleted.
This adds exactly those two behaviours, the way AWS documents them, and nothing else: every
other action (CreateCacheParameterGroup included, which moto still does not implement) is
moto's own.
"""
import sys

from moto.elasticache import models, responses
from moto.elasticache.exceptions import CacheSubnetGroupNotFound
from moto.server import main


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
    """A group seen "deleting" once is gone on the next look, as AWS ends a deletion."""
    for rid, group in list(self.replication_groups.items()):
        if group.status == "deleting" and getattr(group, "_seen_deleting", False):
            self.replication_groups.pop(rid)
            self.tagging_service.delete_all_tags_for_resource(group.arn)
        elif group.status == "deleting":
            group._seen_deleting = True
    return _describe(self, replication_group_id)


responses.ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group
models.ElastiCacheBackend.describe_replication_groups = describe_replication_groups

if __name__ == "__main__":
    main(sys.argv[1:])
