"""The site layout's folder check: two IRIs that would share a page folder are refused."""

from __future__ import annotations

import pytest

from plangraph.errors import PlangraphError
from plangraph.publish.site.layout import Layout

BASE = "https://example.org/id/"
#: Awkward paths: dots, spaces, percent signs, Thai, empty segments.
TRICKY = ["a", "a/b", "a/./b", "a/../b", "a b", "a%20b", ".x", "x.", "ลำปาง/1",
          "a//b", "a/b%2Fc", "~u", "c/.."]


def test_distinct_folders_pass_and_name_the_same_folders_as_page_dir() -> None:
    layout = Layout(BASE, {})
    iris = [BASE + p for p in TRICKY]
    layout.check_unique(iris)  # every one of these has a folder of its own
    folders = {str(layout.page_dir(i)) for i in iris}
    assert len(folders) == len(iris)
    assert folders == {"/".join(layout.page_segments(i)) for i in iris}


@pytest.mark.parametrize(("one", "other"), [("a", "a/"), ("a/b", "a/b/")])
def test_two_iris_sharing_a_folder_are_refused(one: str, other: str) -> None:
    with pytest.raises(PlangraphError, match=r"would share the page id/a"):
        Layout(BASE, {}).check_unique([BASE + one, BASE + other])


def test_the_same_iri_twice_is_not_a_clash() -> None:
    Layout(BASE, {}).check_unique([BASE + "a", BASE + "a"])
