"""Every part of a link the page drops is said (issue 32): values it cannot show, a query Streamlit ignored."""

from __future__ import annotations

from dashboard.share.link import from_query_params as read_link


def from_query_params(params, cartels, chapters):
    """The snapshot and its notices as an English page shows them (notices are a key and parameters)."""
    snap, notices = read_link(params, cartels, chapters)
    return snap, [str(n) for n in notices]

CARTELS, CHAPTERS = ["cjng", "sinaloa"], ["salamanca"]


def test_a_comparison_year_the_page_does_not_offer_is_dropped_with_a_notice():
    snap, notices = from_query_params({"compare": ["2025"]}, CARTELS, CHAPTERS)
    assert snap.selection.compare is None
    assert notices == ["Ignored compare='2025': the map compares with 2019 or 2023."]
    snap, notices = from_query_params({"compare": ["2019"]}, CARTELS, CHAPTERS)
    assert snap.selection.compare == 2019 and notices == []


def test_a_query_streamlit_ignored_is_reported_by_its_count():
    snap, notices = from_query_params({"link_params": ["1001"]}, CARTELS, CHAPTERS)
    assert snap.selection.cartels == () and snap.view is None
    assert notices == ["Ignored the whole link: it has 1,001 parameters, over the 1,000 a link may have."]
    _, notices = from_query_params({"link_params": ["junk"]}, CARTELS, CHAPTERS)
    assert notices == ["Ignored the whole link: it has 1,001 parameters, over the 1,000 a link may have."]
