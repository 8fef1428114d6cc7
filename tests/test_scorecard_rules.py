"""The rating's arithmetic, without a database: weighted means, rounding, ranking, weights."""

from fractions import Fraction

from commitments.scorecard.rules import ranking, rounded, weight_problems, weighted_mean


def test_an_indicator_is_the_weighted_mean_of_its_criteria():
    assert weighted_mean([(60, 80), (40, 55)]) == Fraction(70)
    assert weighted_mean([(1, 100), (2, 0)]) == Fraction(100, 3)  # exact, not 33.33…


def test_a_missing_score_or_nothing_to_weigh_gives_no_mean():
    assert weighted_mean([(50, 90), (50, None)]) is None
    assert weighted_mean([]) is None


def test_totals_are_rounded_to_two_decimals_halves_up_only_for_display():
    assert rounded(Fraction(100, 3)) == 33.33
    assert rounded(Fraction(200, 3)) == 66.67
    assert rounded(Fraction(87125, 1000)) == 87.13  # a float would round 87.125 down
    assert rounded(None) is None


def test_equal_totals_share_a_rank_and_are_listed_by_code():
    order = ranking(
        [
            ("SAT", Fraction(70)),
            ("MINFIN", Fraction(80)),
            ("CIV", Fraction(70)),
            ("MEM", None),
            ("INE", Fraction(90)),
        ]
    )
    assert [(r.agency, r.rank) for r in order] == [
        ("INE", 1),
        ("MINFIN", 2),
        ("CIV", 3),
        ("SAT", 3),
        ("MEM", None),
    ]


def test_a_tie_is_exact_not_rounded():
    order = ranking([("A", Fraction(200, 3)), ("B", Fraction(6667, 100))])
    assert [(r.agency, r.rank) for r in order] == [("B", 1), ("A", 2)]  # 66.67 > 66.666…


def test_weights_must_add_up_to_100_within_each_indicator_and_across_them():
    assert weight_problems([("1", 50, [60, 40]), ("2", 50, [100])]) == []
    problems = weight_problems([("1", 50, [60, 30]), ("2", 40, []), ("3", 20, [100])])
    assert [(p.code, p.total, p.criteria) for p in problems] == [("1", 90, 2), ("2", 0, 0), ("", 110, 3)]
    assert [p.code for p in weight_problems([])] == [""]
