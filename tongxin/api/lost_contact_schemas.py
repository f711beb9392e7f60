"""Request and response bodies of the lost-contact (失联查找) endpoints.

Everyone who may read the case gets its episodes, dates and search steps (the police are
notified and help search, 社区矫正法 art 30); what a search found and what the police were
told are casework notes, given only to those who may work the case."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from ninja import Field, Schema
from pydantic import ConfigDict

from tongxin.programs.lost_contact import days_absconded
from tongxin.programs.models import LostContact, SearchAction


class SearchOut(Schema):
    on_date: dt.date
    method: str = Field(description="phone | visit | info_check | police")
    method_label: str
    outcome: str | None = Field(description="结果,仅负责机构可见 / for the case's agency only")
    by: str = Field(description="登记人用户名 / who recorded it")

    @classmethod
    def from_search(cls, search: SearchAction, *, casework: bool) -> SearchOut:
        return cls(
            on_date=search.on_date,
            method=search.method,
            method_label=str(search.get_method_display()),
            outcome=(search.outcome or "") if casework else None,
            by=search.by.get_username(),
        )


class EpisodeOut(Schema):
    uuid: uuid_module.UUID
    since_on: dt.date
    days_absconded: int = Field(
        description="失联天数,未结束的计至今日 / days out of contact, to today while open"
    )
    police_notified_on: dt.date | None
    found_on: dt.date | None = Field(description="为空表示仍在失联 / null while still lost")
    flagged_by: str
    searches: list[SearchOut]

    @classmethod
    def from_episode(cls, episode: LostContact, *, today: dt.date, casework: bool) -> EpisodeOut:
        return cls(
            uuid=episode.uuid,
            since_on=episode.since_on,
            days_absconded=days_absconded(episode, today),
            police_notified_on=episode.police_notified_on,
            found_on=episode.found_on,
            flagged_by=episode.flagged_by.get_username(),
            searches=[
                SearchOut.from_search(search, casework=casework)
                for search in episode.searches.all()
            ],
        )


class LostContactOut(Schema):
    case: uuid_module.UUID
    lost_contact_since: dt.date | None = Field(
        description="案件的失联起始日期 / the case's out-of-contact mark"
    )
    episodes: list[EpisodeOut] = Field(description="失联记录,最新在前 / newest first")


class FlagIn(Schema):
    model_config = ConfigDict(extra="forbid")

    since_on: dt.date = Field(description="失联日期 / the first day out of contact")


class SearchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on_date: dt.date
    method: str = Field(max_length=12, description="phone | visit | info_check")
    outcome: str = Field("", max_length=2000, description="查找结果 / what the search found")


class PoliceNoticeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on_date: dt.date
    note: str = Field(
        "",
        max_length=500,
        description="通报的公安机关及情况,必填 / which police organ was told, and how; required",
    )


class FoundIn(Schema):
    model_config = ConfigDict(extra="forbid")

    found_on: dt.date
