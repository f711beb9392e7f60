"""Just enough of the OLE2 compound file format (MS-CFB) to decide what an upload is.

Legacy .xls workbooks and password-protected .xlsx files (an OLE2 container holding
``EncryptionInfo`` and ``EncryptedPackage``) share this container. We read its directory to
learn the names of its streams and storages, and one stream's bytes, trusting no number in
the file: every sector index is bounds-checked and every chain is cycle-checked, so a
hostile file raises ``CompoundFileError`` instead of looping or reading out of range.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
HEADER_SIZE = 512
_END_OF_CHAIN = 0xFFFFFFFE
_HEADER_DIFAT_ENTRIES = 109
_DIRECTORY_ENTRY_SIZE = 128
_MINI_SECTOR_SIZE = 64

STORAGE = 1
STREAM = 2
ROOT = 5


class CompoundFileError(ValueError):
    """The bytes are not a readable compound file (truncated, or numbers that lie)."""


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    kind: int  # STORAGE, STREAM or ROOT
    start_sector: int
    size: int


class CompoundFile:
    def __init__(self, data: bytes) -> None:
        if len(data) < HEADER_SIZE or data[:8] != SIGNATURE:
            raise CompoundFileError("not a compound file")
        major, _byte_order, sector_shift, mini_shift = struct.unpack_from("<HHHH", data, 0x1A)
        if (major, sector_shift) not in {(3, 9), (4, 12)} or mini_shift != 6:
            raise CompoundFileError("unknown compound file version")
        self._data = data
        self.sector_size = 1 << sector_shift
        # Sector n starts after the header, which takes one whole sector in version 4.
        self._sector_count = max(0, -(-(len(data) - self.sector_size) // self.sector_size))
        (fat_count, first_directory, _signature, self._mini_cutoff, first_mini_fat) = (
            struct.unpack_from("<IIIII", data, 0x2C)
        )
        (_mini_fat_count, first_difat, difat_count) = struct.unpack_from("<III", data, 0x40)
        fat_sectors = self._fat_sector_numbers(first_difat, difat_count)
        if len(fat_sectors) < fat_count:
            raise CompoundFileError("allocation table is shorter than the header says")
        self._fat = self._table(fat_sectors)
        self._mini_fat_start = first_mini_fat
        directory = self._read_chain(first_directory, self._fat, self.sector_size, None)
        self.entries = self._directory_entries(directory)

    def _sector(self, number: int) -> bytes:
        if number >= self._sector_count:
            raise CompoundFileError("sector number out of range")
        offset = (number + 1) * self.sector_size
        return self._data[offset : offset + self.sector_size]

    def _fat_sector_numbers(self, first_difat: int, difat_count: int) -> list[int]:
        numbers = list(struct.unpack_from(f"<{_HEADER_DIFAT_ENTRIES}I", self._data, 0x4C))
        per_sector = self.sector_size // 4 - 1
        sector, seen = first_difat, set()
        for _ in range(min(difat_count, self._sector_count)):
            if sector in seen or sector >= self._sector_count:
                raise CompoundFileError("broken DIFAT chain")
            seen.add(sector)
            values = struct.unpack(
                f"<{per_sector + 1}I", self._sector(sector).ljust(self.sector_size, b"\xff")
            )
            numbers.extend(values[:per_sector])
            sector = values[per_sector]
        return [n for n in numbers if n < self._sector_count]

    def _table(self, sectors: list[int]) -> tuple[int, ...]:
        raw = b"".join(self._sector(n).ljust(self.sector_size, b"\xff") for n in sectors)
        return struct.unpack(f"<{len(raw) // 4}I", raw)

    def _read_chain(
        self, start: int, table: tuple[int, ...], unit: int, limit: int | None, *, mini: bytes = b""
    ) -> bytes:
        """Follow a chain of sectors (or of mini sectors inside ``mini``), up to ``limit`` bytes."""
        chunks: list[bytes] = []
        collected, current, seen = 0, start, set()
        while current != _END_OF_CHAIN and (limit is None or collected < limit):
            if current >= len(table) or current in seen:
                raise CompoundFileError("broken sector chain")
            seen.add(current)
            if mini:
                chunk = mini[current * unit : (current + 1) * unit]
                if not chunk:
                    raise CompoundFileError("mini sector out of range")
            else:
                chunk = self._sector(current)
            chunks.append(chunk)
            collected += len(chunk)
            current = table[current]
        return b"".join(chunks)

    def _directory_entries(self, directory: bytes) -> list[DirectoryEntry]:
        entries = []
        for offset in range(0, len(directory) - _DIRECTORY_ENTRY_SIZE + 1, _DIRECTORY_ENTRY_SIZE):
            raw = directory[offset : offset + _DIRECTORY_ENTRY_SIZE]
            kind = raw[66]
            if kind not in {STORAGE, STREAM, ROOT}:
                continue  # unused slot
            name_bytes = min(struct.unpack_from("<H", raw, 64)[0], 64)
            name = raw[: max(0, name_bytes - 2)].decode("utf-16-le", errors="replace")
            start, size = struct.unpack_from("<IQ", raw, 116)
            if self.sector_size == HEADER_SIZE:
                size &= 0xFFFFFFFF  # version 3 files may leave garbage in the high half
            entries.append(DirectoryEntry(name=name, kind=kind, start_sector=start, size=size))
        if not entries or entries[0].kind != ROOT:
            raise CompoundFileError("no root entry")
        return entries

    def names(self, kind: int) -> set[str]:
        return {entry.name.lower() for entry in self.entries if entry.kind == kind}

    def read_stream(self, name: str, *, max_bytes: int) -> bytes:
        """The first ``max_bytes`` of the first stream called ``name`` (case-insensitive)."""
        entry = next(
            (e for e in self.entries if e.kind == STREAM and e.name.lower() == name.lower()), None
        )
        if entry is None:
            raise CompoundFileError(f"no stream {name}")
        wanted = min(entry.size, max_bytes)
        if entry.size >= self._mini_cutoff:
            data = self._read_chain(entry.start_sector, self._fat, self.sector_size, wanted)
        else:
            root = self.entries[0]
            mini_stream = self._read_chain(root.start_sector, self._fat, self.sector_size, None)
            raw_mini_fat = self._read_chain(self._mini_fat_start, self._fat, self.sector_size, None)
            mini_fat = struct.unpack(f"<{len(raw_mini_fat) // 4}I", raw_mini_fat)
            data = self._read_chain(
                entry.start_sector, mini_fat, _MINI_SECTOR_SIZE, wanted, mini=mini_stream
            )
        if len(data) < wanted:
            raise CompoundFileError("stream is shorter than its directory entry says")
        return data[:wanted]
