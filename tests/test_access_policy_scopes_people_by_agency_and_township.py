"""The access policy: who sees which person files (foundation rules)."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.personas import World, member
from tongxin.access import policy
from tongxin.organisation.models import Role


def visible_names(user: object) -> set[str]:
    return set(policy.people_visible_to(user).values_list("name", flat=True))


def test_township_worker_sees_only_own_township_justice_files(world: World) -> None:
    assert visible_names(world.worker_a) == {"张东明"}
    assert visible_names(world.worker_b) == {"李西平"}


def test_county_supervisor_sees_justice_files_of_every_township(world: World) -> None:
    assert visible_names(world.county_supervisor) == {"张东明", "李西平"}


def test_other_sectors_see_nothing_of_justice_files(world: World) -> None:
    assert visible_names(world.civil_officer) == set()
    assert visible_names(world.police_a) == set()
    assert visible_names(world.health_a) == {"王静"}


def test_user_without_membership_sees_nothing(world: World) -> None:
    assert visible_names(world.outsider) == set()
    assert visible_names(None) == set()


def test_procuratorate_reads_justice_files_but_cannot_write(world: World) -> None:
    assert visible_names(world.procurator) == {"张东明", "李西平"}
    assert policy.get_person_for_user(world.procurator, world.person_a.uuid).name == "张东明"
    with pytest.raises(Http404):
        policy.get_person_for_user(world.procurator, world.person_a.uuid, write=True)


def test_outside_scope_answers_404(world: World) -> None:
    for user in (world.worker_b, world.civil_officer, world.police_a, world.outsider):
        with pytest.raises(Http404):
            policy.get_person_for_user(user, world.person_a.uuid)


def test_garbage_identifier_answers_404(world: World) -> None:
    with pytest.raises(Http404):
        policy.get_person_for_user(world.worker_a, "not-a-uuid")


def test_deactivated_membership_sees_nothing(world: World) -> None:
    world.worker_a.memberships.update(is_active=False)
    policy.forget_cached_scopes(world.worker_a)
    assert visible_names(world.worker_a) == set()


def test_viewer_reads_but_cannot_write(world: World) -> None:
    viewer = member("viewer_a", world.justice_office_a, Role.VIEWER)
    assert visible_names(viewer) == {"张东明"}
    assert not policy.can_write_person(viewer, world.person_a)
    assert policy.can_write_person(world.worker_a, world.person_a)


def test_restricted_file_is_for_supervisors_of_the_owning_sector(world: World) -> None:
    type(world.person_a).objects.filter(pk=world.person_a.pk).update(is_restricted=True)
    assert "张东明" not in visible_names(world.worker_a)
    assert "张东明" in visible_names(world.county_supervisor)
    assert "张东明" not in visible_names(world.procurator)


def test_sealed_juvenile_record_is_hidden_from_viewers_and_other_sectors(world: World) -> None:
    type(world.person_a).objects.filter(pk=world.person_a.pk).update(is_sealed_minor=True)
    assert "张东明" in visible_names(world.worker_a)
    assert "张东明" not in visible_names(world.procurator)
    viewer = member("viewer_a", world.justice_office_a, Role.VIEWER)
    assert "张东明" not in visible_names(viewer)


def test_an_error_inside_a_rule_denies(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("rule table unavailable")

    monkeypatch.setattr(policy, "scopes_of", broken)
    assert visible_names(world.worker_a) == set()
    with pytest.raises(Http404):
        policy.get_person_for_user(world.worker_a, world.person_a.uuid)
