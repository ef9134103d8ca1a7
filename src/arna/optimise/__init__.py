"""Multi-objective search over a model's values (issue 14): problems, evaluation, NSGA-II/III, fronts.

``arna optimise run`` and ``arna optimise apply`` are the commands; see docs/optimisation.md.
"""

from arna.optimise.problem import Constraint, Objective, Problem, Variable, load_problem

__all__ = ["Constraint", "Objective", "Problem", "Variable", "load_problem"]
