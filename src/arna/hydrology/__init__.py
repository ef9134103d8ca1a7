"""Crop water demand: FAO-56 reference evapotranspiration and irrigation requirement.

Modules
-------
fao56
    The FAO-56 equations as pure numpy functions (equation numbers cited).
climate, et0
    Climate tables and ET0 with the FAO-56 missing-data fallbacks (``arna et0``).
crops
    Single crop coefficient curve, effective rain, leaching, rice, net requirement.
irrigation
    The irrigation-scheme document and its monthly canal-head demand series.
"""
