"""How divided an idea's votes are: one measure, the same in the ideas list (SQL) and the summaries."""

import numpy as np
import pytest
import sqlalchemy as sa
from scipy import sparse

from consult.contributions.listing import ideas_page
from consult.division import division, division_column
from consult.summaries.figures import Contributions, Votes
from consult.summaries.ranking import rank_ideas
from tests.conftest import page_text

#: (more divided, less divided): agree and disagree votes of two ideas.
RANKED_PAIRS = [
    ((500, 500), (1158, 342)),   # an even split above 75% agreement
    ((60, 50), (1158, 342)),     # a close split of 110 above a lopsided one of 1,500
    ((60, 50), (342, 1158)),     # the side that leads does not matter
    ((200, 190), (2, 2)),        # 4 votes are too few to be sure of a split
    ((50, 50), (1, 1)),
    ((10, 10), (1158, 342)),
    ((3, 3), (8, 2)),
    ((1, 1), (1000, 0)),         # unanimous is not divided at all, whatever the number
    ((501, 500), (400, 300)),
]


@pytest.mark.parametrize(("higher", "lower"), RANKED_PAIRS)
def test_the_closer_to_an_even_split_and_the_more_voters_the_more_divided(higher, lower):
    def score(pair):
        return division(min(pair), sum(pair))

    assert score(higher) > score(lower)
    assert score(higher[::-1]) == score(higher) and 0 <= score(lower) < score(higher) < 1


def test_an_even_split_of_many_scores_near_one_and_unanimity_zero():
    assert division(0, 1000) == 0 and division(500, 1000) > 0.99
    assert round(division(342, 1500), 2) == 0.45 and round(division(2, 4), 2) == 0.29


#: Ideas as (title, agree, disagree), and the order "Most divided" lists them in.
IDEAS = [("Lopsided", 1158, 342), ("Even", 500, 500), ("Close", 60, 50), ("Few", 2, 2),
         ("Near even", 200, 190), ("Unanimous", 10, 0)]
DIVIDED_ORDER = ["Even", "Near even", "Close", "Lopsided", "Few", "Unanimous"]


def test_sql_gives_the_same_score_as_the_definition(db):
    for _title, agree, disagree in IDEAS:
        scored = db.session.scalar(sa.select(division_column(sa.literal(agree), sa.literal(disagree))))
        assert float(scored) == pytest.approx(division(min(agree, disagree), agree + disagree))


def test_most_divided_on_the_ideas_list(client, db, make):
    consultation = make.consultation()
    for title, agree, disagree in IDEAS:
        make.idea(consultation, title=title, agree_count=agree, disagree_count=disagree)
    page = ideas_page(consultation, None, "divided", 1, 25)
    assert [idea.title for idea in page.items] == DIVIDED_ORDER
    text = page_text(client.get(f"/consultations/{consultation.slug}?order=divided"))
    assert sorted(DIVIDED_ORDER, key=text.index) == DIVIDED_ORDER
    assert "closest to an even split between agree and disagree" in text


def test_the_summaries_rank_the_divisive_by_the_same_measure():
    ids = list(range(1, len(IDEAS) + 1))
    contributions = Contributions(ids=ids, kinds=["idea"] * len(ids), idea_ids=[None] * len(ids),
                                  channels=["web"] * len(ids), days=[None] * len(ids),
                                  titles=[title for title, _a, _d in IDEAS], bodies=[""] * len(ids))
    voters = max(agree + disagree for _t, agree, disagree in IDEAS)
    matrix = np.zeros((voters, len(IDEAS)), dtype=np.int8)
    for column, (_title, agree, disagree) in enumerate(IDEAS):
        matrix[:agree, column] = 1
        matrix[agree:agree + disagree, column] = -1
    ranked = rank_ideas(contributions, Votes(matrix=sparse.csr_matrix(matrix), idea_ids=ids))
    # Only ideas with votes on both sides are divisive: the unanimous one is not listed.
    assert [idea["title"] for idea in ranked["divisive"]] == DIVIDED_ORDER[:-1]


@pytest.mark.parametrize(("order", "meaning", "french"), [
    ("supported", "most agree votes beyond their disagree votes", "dépassent le plus"),
    ("newest", "proposed most recently", "proposées le plus récemment"),
    ("discussed", "most published comments", "le plus de commentaires publiés"),
    ("divided", "closest to an even split", "se partagent le plus également"),
])
def test_the_page_says_what_the_chosen_order_means_in_both_languages(client, make, order, meaning, french):
    consultation = make.consultation()
    make.idea(consultation, title="Only idea")
    url = f"/consultations/{consultation.slug}?order={order}"
    html = client.get(url).get_data(as_text=True)
    chosen = html.split('id="ideas-order-meaning">')[1].split("</p>")[0]
    assert meaning in chosen
    assert french in client.get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True)
