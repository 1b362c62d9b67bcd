"""Opinion groups: two opposed camps come out as exactly two groups, with their ideas and a consensus."""

import numpy as np
from scipy import sparse

from consult.summaries.figures import Votes, load_contributions, load_votes
from consult.summaries.opinions import opinion_groups

from .conftest import on


def _two_camps(make, consultation, vote):
    """Ideas 0-1 the north camp agrees with and the south rejects, 2-3 the reverse, 4 almost
    everyone agrees with. Eight voters per camp; in each, one defects on idea 0 and another
    disagrees with idea 4, so the camps are not single points."""
    ideas = [make.idea(consultation, title=f"Idea {n}", created_at=on(1)) for n in range(5)]
    camps = {"north": [make.user() for _ in range(8)], "south": [make.user() for _ in range(8)]}
    for camp, people in camps.items():
        sign = 1 if camp == "north" else -1
        for n, person in enumerate(people):
            values = [sign, sign, -sign, -sign, 1]
            if n == 1:
                values[0] = -sign
            if n == 2:
                values[4] = -1
            for idea, value in zip(ideas, values, strict=True):
                vote(idea, person, value)
    return ideas, camps


def _groups(consultation):
    return opinion_groups(load_votes(consultation, load_contributions(consultation)))


def test_two_opposed_camps_make_two_groups(make, consultation, vote):
    ideas, _camps = _two_camps(make, consultation, vote)
    result = _groups(consultation)
    assert [group["size"] for group in result["groups"]] == [8, 8]
    by_idea = {}
    for group in result["groups"]:
        listed = {(idea["id"], idea["direction"]) for idea in group["ideas"]}
        by_idea[group["number"]] = listed
    north = {(ideas[0].id, "agree"), (ideas[1].id, "agree"), (ideas[2].id, "disagree"), (ideas[3].id, "disagree")}
    south = {(ideas[0].id, "disagree"), (ideas[1].id, "disagree"), (ideas[2].id, "agree"), (ideas[3].id, "agree")}
    assert sorted(by_idea.values(), key=sorted) == sorted([north, south], key=sorted)
    assert [idea["id"] for idea in result["consensus"]] == [ideas[4].id]
    assert len(result["points"]) == 16 and {point[2] for point in result["points"]} == {0, 1}


def test_the_page_lists_groups_and_consensus(client, make, designer, consultation, vote):
    ideas, _camps = _two_camps(make, consultation, vote)
    response = client.login_as(designer).get("/manage/consultations/newborn-registration/summary")
    html = response.get_data(as_text=True)
    assert "Group 1: 8 voters" in html and "Group 2: 8 voters" in html
    assert "Agrees more than others:" in html and "Disagrees more than others:" in html
    assert "100.0% of this group agree, 0.0% of everyone else" in html
    assert "100.0% of this group disagree, 0.0% of everyone else" in html
    consensus = html.split("Ideas every group supports")[1]
    assert "Idea 4" in consensus and "Idea 0" not in consensus
    assert "Voters in each opinion group" in html  # the table behind the chart


def test_too_few_participants(client, make, designer, consultation, vote):
    ideas = [make.idea(consultation, title=f"Idea {n}") for n in range(4)]
    for person in [make.user() for _ in range(5)]:
        for idea in ideas:
            vote(idea, person, 1)
    assert _groups(consultation) == {"skipped": "participants", "voters": 5}
    response = client.login_as(designer).get("/manage/consultations/newborn-registration/summary")
    assert ("Opinion groups need at least 10 voters who voted on several ideas; so far there are 5."
            in response.get_data(as_text=True))


def test_voters_on_too_few_ideas_do_not_count():
    # 12 voters on 8 ideas, but each voted on only 3: none reaches the 7 votes Pol.is asks for.
    rows, columns = np.repeat(np.arange(12), 3), np.tile([0, 1, 2], 12)
    matrix = sparse.csr_matrix((np.ones(36, dtype=np.int8), (rows, columns)), shape=(12, 8))
    assert opinion_groups(Votes(matrix, list(range(8)))) == {"skipped": "participants", "voters": 0}


def test_too_few_ideas():
    matrix = sparse.csr_matrix(np.ones((20, 2), dtype=np.int8))
    assert opinion_groups(Votes(matrix, [1, 2]))["skipped"] == "ideas"
