"""A person at the page, counted: what they do to get a task done, one count an action.

A click, a key press, a field filled in (pasted or typed, it is one decision), a choice in
a list, a box ticked, files chosen: each counts one; typing counts one per letter. Tests
walk a task through ``Counted`` and hold the total to a budget with ``assert_within``.
"""

from playwright.sync_api import Locator, Page


class Counted:
    """Wraps ``page``; each method does what a person does and adds to ``actions``."""

    def __init__(self, page: Page):
        self.page = page
        self.actions = 0
        # What was done, in order, for the message when the budget is exceeded.
        self.log: list[str] = []

    def _count(self, what: str, actions: int = 1) -> None:
        self.actions += actions
        self.log.append(what)

    def click(self, target: Locator) -> None:
        target.click()
        self._count(f"click {target}")

    def fill(self, target: Locator, text: str) -> None:
        target.fill(text)
        self._count(f"fill {target} with {text!r}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self._count(f"type {text!r}", len(text))

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self._count(f"press {key}")

    def select(self, target: Locator, value_or_label: str) -> None:
        target.select_option(value_or_label)
        self._count(f"select {value_or_label!r} in {target}")

    def check(self, target: Locator) -> None:
        target.check()
        self._count(f"check {target}")

    def choose_files(self, target: Locator, files) -> None:
        target.set_input_files(files)
        self._count(f"choose files in {target}")


def assert_within(person: Counted, budget: int) -> None:
    """Fail, listing what was done, if the person needed more than ``budget`` actions."""
    steps = "\n".join(f"  {step}" for step in person.log)
    assert person.actions <= budget, (
        f"{person.actions} actions; the budget is {budget}. What was done:\n{steps}"
    )
