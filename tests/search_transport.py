"""Test-only HTTP node for the Elasticsearch client: plain JSON media types.

The 8.x client asks for Elasticsearch's versioned media types
(`application/vnd.elasticsearch+json; compatible-with=8`) so that it can talk to 8.x and 9.x
servers. The in-memory OpenSearch-compatible engine the tests run against (osmem-server)
refuses those with 406, so in tests only, requests go out as `application/json` and
`application/x-ndjson`. Production keeps the client's own headers.

Used through `SEARCH_ES_CLIENT_OPTIONS = {"node_class": "tests.search_transport.PlainJsonNode"}`.
"""

import re

from elastic_transport import Urllib3HttpNode

_VERSIONED_MEDIA_TYPE = re.compile(r"application/vnd\.elasticsearch\+([\w-]+)\s*;\s*compatible-with=\d+")


def plain_media_type(value: str) -> str:
    return _VERSIONED_MEDIA_TYPE.sub(r"application/\1", value)


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = plain_media_type(headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)
