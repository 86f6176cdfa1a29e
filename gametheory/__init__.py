"""gametheory: a game-theory toolkit for the two-region resource agglomeration game.

Layers (each depends only on those before it)::

    params -> games -> models -> analysis -> plots, cli
    do (the Duranton-Overman index) stands alone; calibrate joins do and models.

Heavy modules (sympy, numpy, numba) are imported lazily by the modules that need
them, so ``import gametheory`` and the command line start quickly.
"""

__version__ = "0.1.0"
