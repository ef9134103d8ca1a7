"""Economics of water-saving measures.

Modules
-------
catalogue
    The sourced measures catalogue (``arna/data/measures/catalogue.yaml``).
finance
    NPV, annuities, capital recovery, equivalent annual cost, adoption cash flows.
measures
    Apply measures to an irrigation scheme; gross and net water savings.
appraisal
    Per-measure appraisal: investment, EAC, present value, NPV, cost per m³.
values
    What water is worth: tariffs (financial view) and crop values by month (economic view).
valuation
    Both views applied to the savings of basin runs.
portfolio
    Budget-constrained selection: greedy, exact MILP (HiGHS), brute force.
costcurve
    The cost curve figure.
"""
