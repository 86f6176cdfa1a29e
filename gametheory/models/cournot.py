r"""The Cournot stage: linear demand, constant firm-specific marginal costs, ``q >= 0``.

Market with inverse demand :math:`P = a - bQ` and firms :math:`i` with constant
delivered marginal costs :math:`c_i`.  When the :math:`K` active firms all produce
a positive quantity the (unique) Cournot equilibrium is

.. math:: q_i = \frac{a - (K+1)c_i + \sum_{j} c_j}{(K+1)\,b},\qquad
          P = \frac{a + \sum_j c_j}{K+1},\qquad \pi_i = b\,q_i^2 ,

(e.g. Vives 1999, *Oligopoly Pricing*, ch. 4; docs/model.md, "Payoffs").  With
corners, the active firms are a prefix of the firms sorted by cost: firm
:math:`K+1` enters iff :math:`c_{K+1} < P_K`, the price with the first
:math:`K` firms.  (Equal-cost firms enter together.)

Three entry points:

* :func:`interior_quantities` -- symbolic (sympy) interior formula for arbitrary costs;
* :func:`cournot_quantities` -- exact or float solution with corners, any costs;
* :func:`two_class_quantities` -- the O(1) closed form for two cost classes
  (``n1`` firms at cost ``c1``, ``n2`` at ``c2``), branch-free and vectorised
  over numpy arrays; this is what the agglomeration game needs, since in every
  configuration each market has only two cost classes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

__all__ = ["interior_quantities", "cournot_quantities", "two_class_active", "two_class_quantities", "two_class_regime"]


def interior_quantities(a, b, costs: Sequence):
    """Interior Cournot quantities ``q_i = (a - (K+1) c_i + sum c) / ((K+1) b)`` (sympy or numbers).

    Valid only where every returned quantity is positive; callers state and check that domain.
    """
    K = len(costs)
    total = sum(costs)
    return [(a - (K + 1) * ci + total) / ((K + 1) * b) for ci in costs]


def cournot_quantities(a, b, costs: Sequence) -> list:
    """Cournot equilibrium quantities with corners (firms that would produce ``< 0`` stay out).

    Exact when ``a, b, costs`` are ints/Fractions; floats otherwise.  Firms are
    sorted by cost and added while the next firm's cost is below the current
    price; inactive firms get quantity 0.
    """
    order = sorted(range(len(costs)), key=lambda i: costs[i])
    q = [Fraction(0) if isinstance(a, (int, Fraction)) else 0.0 for _ in costs]
    active: list[int] = []
    total = 0
    for i in order:
        price = (a + total) / (len(active) + 1)
        if not costs[i] < price:
            break
        active.append(i)
        total += costs[i]
    K = len(active)
    for i in active:
        q[i] = (a - (K + 1) * costs[i] + total) / ((K + 1) * b)
    return q


def two_class_active(a, b, n1, c1, n2, c2, active: tuple[bool, bool] = (True, True)):
    r"""Cournot quantities ``(q1, q2)`` when exactly the classes flagged in ``active`` produce.

    Both: :math:`P = (a + n_1c_1 + n_2c_2)/(n_1+n_2+1)`, :math:`q_r = (P - c_r)/b`.
    Class r alone: :math:`q_r = (a - c_r)/((n_r+1)b)` and the other class sells 0.
    This is the one formula of the two-class market; the numeric solution with corners
    (:func:`two_class_quantities`) and the symbolic regimes of the agglomeration game
    both use it.  Works in any arithmetic (:mod:`gametheory.arith`, sympy).
    """
    if active[0] and active[1]:
        P = (a + n1 * c1 + n2 * c2) / (n1 + n2 + 1)
        return (P - c1) / b, (P - c2) / b
    if active[0]:
        return (a - c1) / ((n1 + 1) * b), 0 * a
    if active[1]:
        return 0 * a, (a - c2) / ((n2 + 1) * b)
    return 0 * a, 0 * a


def two_class_quantities(a, b, n1, c1, n2, c2):
    r"""Cournot quantities ``(q1, q2)`` of a member of class 1 and of class 2, with corners.

    ``n1`` firms have delivered cost ``c1`` and ``n2`` firms ``c2``.  If both
    interior quantities of :func:`two_class_active` are positive both classes are
    active.  Otherwise the class with the positive interior quantity is alone,
    :math:`q_1 = \max(a - c_1, 0)/((n_1+1)b)` (and symmetrically): since
    :math:`P \le c_2 \iff (a + n_1c_1)/(n_1+1) \le c_2`, this is the corner
    equilibrium.  An empty class (``n = 0``) gets a meaningless value that callers
    ignore.  Written in :mod:`gametheory.arith`, so it runs on exact scalars, numpy
    arrays and certified balls.
    """
    from gametheory import arith

    q1_both, q2_both = two_class_active(a, b, n1, c1, n2, c2, (True, True))
    q1_alone = arith.pos(a - c1) / ((n1 + 1) * b)
    q2_alone = arith.pos(a - c2) / ((n2 + 1) * b)
    in1, in2 = q1_both > 0, q2_both > 0
    out1, out2 = q1_both <= 0, q2_both <= 0
    zero = 0 * q1_both
    cases = [in1 & in2, in1 & out2, out1 & in2, out1 & out2]       # exhaustive and exclusive
    q1 = arith.select(cases, [q1_both, q1_alone, zero, zero])
    q2 = arith.select(cases, [q2_both, zero, q2_alone, zero])
    return q1, q2


def two_class_regime(a, b, n1, c1, n2, c2) -> tuple[bool, bool]:
    """Which classes are active (exact scalars): ``(class 1 active, class 2 active)``.

    Empty classes are reported inactive.
    """
    q1, q2 = two_class_quantities(a, b, n1, c1, n2, c2)
    return bool(n1 > 0 and q1 > 0), bool(n2 > 0 and q2 > 0)
