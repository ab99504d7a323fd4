"""The eval harness: labelled datasets, a resumable runner, metrics, reports, baselines.

brandguard eval evals/datasets/default --policy builtin:default --split test
"""

from .dataset import Case, DatasetError, ExpectedFinding, load_dataset

__all__ = ["Case", "DatasetError", "ExpectedFinding", "load_dataset"]
