"""The permission matrix: every route, and who may use it on a justice file of township A.

Machine-readable on purpose: ``test_permission_matrix_covers_every_route`` fails when a new
route is added without a row here, and ``test_every_persona_gets_exactly_what_the_matrix_says``
calls each person-scoped route as each persona.

Kinds:
- ``public``: no sign-in (login page, OpenAPI document, language switch).
- ``signed_in``: any signed-in user; the page itself shows only what the policy allows.
- ``person_read`` / ``person_write``: about one person; outside scope answers 404.
- ``superuser``: Django admin.
"""

from __future__ import annotations

ROUTES: dict[str, str] = {
    "accounts:login": "public",
    "accounts:logout": "signed_in",
    "set_language": "public",
    "people:home": "signed_in",
    "people:list": "signed_in",
    "people:create": "signed_in",  # 404 for users without a writing membership
    "people:detail": "person_read",
    "people:reveal": "person_read",
    "people:edit": "person_write",
    "api:api-root": "public",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:list_people": "signed_in",
    "api:create_person": "signed_in",
    "api:get_person": "person_read",
    "api:update_person": "person_write",
}

# Who may read / write person_a (a 司法所 file of township A), by persona attribute name.
PERSON_A: dict[str, tuple[bool, bool]] = {
    "worker_a": (True, True),
    "county_supervisor": (True, True),
    "procurator": (True, False),
    "worker_b": (False, False),
    "police_a": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}
