"""Underlay paths stay inside the plan's folder unless the user confirms; never devices or shares."""

from __future__ import annotations

import os

import pytest

from planner.errors import FileFormatError, PlanError
from planner.io.underlay import (
    UnderlayOutsideError,
    locate_underlay,
    open_underlay_file,
    outside_underlays,
    resolve_underlay_path,
)
from planner.model import Plan, Underlay


@pytest.fixture
def folder(tmp_path):
    plan_dir = tmp_path / "plans" / "haixin"
    (plan_dir / "underlays").mkdir(parents=True)
    (plan_dir / "underlays" / "site.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("do not read")
    return plan_dir


@pytest.mark.parametrize("path", ["underlays/site.png", "underlays\\site.png", "./underlays/../underlays/site.png"])
def test_paths_inside_the_folder_resolve(folder, path):
    assert resolve_underlay_path(path, folder) == (folder / "underlays" / "site.png").resolve()


@pytest.mark.parametrize("path", ["../../secret.txt", "..\\..\\secret.txt", "underlays/../../../secret.txt"])
def test_paths_leaving_the_folder_need_confirmation(folder, path):
    with pytest.raises(UnderlayOutsideError) as e:
        resolve_underlay_path(path, folder, element="u1")
    assert e.value.element == "u1" and e.value.field == "path"
    assert e.value.path == (folder.parent.parent / "secret.txt").resolve()
    assert "outside the plan's folder" in str(e.value)
    assert resolve_underlay_path(path, folder, confirm_outside=True) == e.value.path


def test_absolute_paths_need_confirmation(folder):
    target = str((folder.parent.parent / "secret.txt").resolve())
    with pytest.raises(UnderlayOutsideError):
        resolve_underlay_path(target, folder)
    assert resolve_underlay_path(target, folder, confirm_outside=True) == folder.parent.parent / "secret.txt"


def test_windows_drive_paths_are_outside(folder):
    loc = locate_underlay("C:\\Users\\me\\site.png", folder)
    assert not loc.inside


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_leading_out_is_outside(folder):
    (folder / "innocent.png").symlink_to(folder.parent.parent / "secret.txt")
    with pytest.raises(UnderlayOutsideError):
        resolve_underlay_path("innocent.png", folder)


@pytest.mark.parametrize("path", ["\\\\evil-server\\share\\site.png", "//evil-server/share/site.png",
                                  "/dev/zero", "/proc/self/environ", "NUL", "con.png", "a\x00b.png", "", "  "])
def test_never_allowed_paths_are_refused_even_when_confirmed(folder, path):
    with pytest.raises(PlanError) as e:
        resolve_underlay_path(path, folder, confirm_outside=True, element="u9")
    assert not isinstance(e.value, UnderlayOutsideError)
    assert e.value.element == "u9" and e.value.field == "path"


def test_outside_underlays_lists_what_to_confirm(folder):
    plan = Plan()
    for uid, p in (("in", "underlays/site.png"), ("out", "../../secret.txt"), ("dev", "/dev/zero")):
        plan.underlays[uid] = Underlay(uid, "image", p)
    listed = dict(outside_underlays(plan, folder))
    assert set(listed) == {"out", "dev"}
    assert listed["out"] == (folder.parent.parent / "secret.txt").resolve()


def test_only_regular_files_under_the_cap_are_opened(folder, tmp_path):
    ok = folder / "underlays" / "site.png"
    assert open_underlay_file(ok) == ok
    with pytest.raises(FileFormatError, match="missing"):
        open_underlay_file(folder / "nope.png")
    with pytest.raises(FileFormatError, match="not a regular file"):
        open_underlay_file(folder)
    big = folder / "big.png"
    with open(big, "wb") as fh:
        fh.truncate(500 * 1024 * 1024)  # sparse file: 500 MB reported, nothing written
    with pytest.raises(FileFormatError, match="over the limit"):
        open_underlay_file(big, element="u1")
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.png"
        os.mkfifo(fifo)
        with pytest.raises(FileFormatError, match="not a regular file"):
            open_underlay_file(fifo)
