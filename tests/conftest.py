"""Shared fixtures: the offline digits, loaded once per test session."""

import pytest

from backprop import load_digits


@pytest.fixture(scope="session")
def digits():
    return load_digits()
