"""How divided the votes on an idea are: one measure for the ideas list (SQL) and the summaries (numpy)."""

import sqlalchemy as sa

#: Pseudo-votes added to every idea's total: how many votes it takes before an even split counts
#: as half-way to fully divided. 10 lets 5 to 5 score 0.5 and 500 to 500 score 0.99.
PRIOR_VOTES = 10


def division(smaller, total):
    """The division of an idea whose smaller side has `smaller` of `total` votes, from 0 to 1.

    The closeness to an even split is 1 - |agree - disagree| / total, which is 2 x smaller / total:
    1 for an even split, 0 for a unanimous one, 0.5 for 75% to 25%. Weighted by how many voted,
    total / (total + PRIOR_VOTES), a weight growing from 0 towards 1, the two give
    2 x smaller / (total + PRIOR_VOTES). So balance decides once many voted: 1,158 to 342 (0.45)
    ranks below 60 to 50 (0.83) and 500 to 500 (0.99); and few votes are doubtful: 2 to 2 (0.29)
    ranks below 200 to 190 (0.95). Unlike a weight in log(1 + total), which grows without end,
    this one never lets a lopsided idea outrank an even one by sheer volume once both have been
    voted on by more than a few dozen people.

    Plain arithmetic, so that it reads the same in numpy and in SQL on SQLite and PostgreSQL
    (which has no portable log): `smaller` and `total` may be numbers, arrays or SQL expressions.
    """
    return 2 * smaller / (total + PRIOR_VOTES)


def division_column(agree, disagree):
    """`division` as an SQL expression on the agree and disagree count columns."""
    smaller = sa.case((agree < disagree, agree), else_=disagree)
    return division(smaller, agree + disagree)
