"""Calibration of the agglomeration game on establishment data (joins :mod:`gametheory.do` and the model).

:mod:`~gametheory.calibrate.observed` reads the observed configuration (N
processing plants, n_A of them in the resource region A) from a census;
:mod:`~gametheory.calibrate.pipeline` adds the DO evidence, the identified set
of the free parameters (:mod:`gametheory.analysis.identification`) and a
seeded bootstrap of its endpoints.
"""
