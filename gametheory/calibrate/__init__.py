"""Calibration of the agglomeration game on establishment data (joins :mod:`gametheory.do` and the model).

* :mod:`~gametheory.calibrate.observed`: the observed configuration (N processing plants, n_A of them in
  the resource region A) from a census;
* :mod:`~gametheory.calibrate.binomial`: exact binomial acceptance intervals (the test of one symmetric
  mixed equilibrium);
* :mod:`~gametheory.calibrate.inference`: confidence sets of a free parameter by test inversion (pure
  equilibria and symmetric mixed equilibria), with certified ends;
* :mod:`~gametheory.calibrate.fit`: the closest fit when no parameter value makes the configuration an
  equilibrium;
* :mod:`~gametheory.calibrate.band`: the sets over a band of classification radii;
* :mod:`~gametheory.calibrate.pipeline`: the whole calibration (DO evidence, identified set of
  :mod:`gametheory.analysis.identification`, confidence set, fit, band).
"""
