"""A person at the keyboard: each thing they do on a page is one action, and counted.

The task tests walk a coordinator's task as a person would and hold it to a budget of
actions, so that a form which grows a field, a step or a detour shows up as a number.
One click, one key press, one field filled, one option chosen, one box ticked, one set of
files picked: each is one action. Typing counts one per letter, as the fingers do.
"""

from playwright.sync_api import Locator, Page


class Counted:
    """Wraps ``page``; ``actions`` is how many things the person has done on it so far."""

    def __init__(self, page: Page):
        self.page = page
        self.actions = 0

    def click(self, target: Locator) -> None:
        target.click()
        self.actions += 1

    def fill(self, target: Locator, text: str) -> None:
        """Fill a field at once: pasted, or typed by a person who is not being timed."""
        target.fill(text)
        self.actions += 1

    def type(self, text: str) -> None:
        """Type into whatever has the focus, one action a letter."""
        self.page.keyboard.type(text)
        self.actions += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.actions += 1

    def select(self, target: Locator, value_or_label: str) -> None:
        """Choose one option of a ``<select>``, found by its value or else its label."""
        values = target.evaluate("s => Array.from(s.options, o => o.value)")
        if value_or_label in values:
            target.select_option(value=value_or_label)
        else:
            target.select_option(label=value_or_label)
        self.actions += 1

    def check(self, target: Locator) -> None:
        target.check()
        self.actions += 1

    def choose_files(self, target: Locator, files) -> None:
        """Pick one or more files in a file field's dialog: one action for the lot."""
        target.set_input_files(files)
        self.actions += 1


def assert_within(person: Counted, budget: int) -> None:
    """Fail, saying by how much, when the person needed more than ``budget`` actions."""
    assert person.actions <= budget, (
        f"the task took {person.actions} actions; its budget is {budget} "
        f"({person.actions - budget} too many)"
    )
