"""The shipped demo data set and the generator of data sets of any size.

`demo_dataset()` is what `pledgeflow demo` loads: real nations, real hub locations, a generic
catalogue. `generate()` makes the benchmark sizes from a seed. Both return a domain `Dataset`.
"""

from pledgeflow.demo.generator import demo_dataset, generate

__all__ = ["demo_dataset", "generate"]
