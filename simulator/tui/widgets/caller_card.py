"""The caller card: who is calling (persona, dialect) and a mood indicator that moves as the call goes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from simulator.call.wording import MOOD_NAMES
from simulator.scenario.model import MOODS, Scenario

LANGUAGES = {"mandarin": "普通话", "cantonese": "粤语", "northeastern": "东北话", "shaanxi": "陕西话",
             "taiwanese": "台湾腔普通话", "yunnan": "云南话", "english": "英语", "sichuan": "四川话"}
MOOD_STYLES = {"calm": "green", "anxious": "yellow", "impatient": "dark_orange", "angry": "red",
               "furious": "bold bright_red"}
AGES = {"child": "儿童", "young": "青年", "adult": "中年", "elder": "老年"}
SEXES = {"female": "女", "male": "男"}


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def mood_bar(mood: str) -> Text:
    rank = MOODS.index(mood) if mood in MOODS else 0
    style = MOOD_STYLES.get(mood, "")
    bar = Text()
    bar.append("●" * (rank + 1), style=style)
    bar.append("○" * (len(MOODS) - rank - 1), style="dim")
    bar.append(f" {MOOD_NAMES.get(mood, mood)}", style=style)
    return bar


class CallerCard(Static):
    mood: reactive[str] = reactive("calm")

    def __init__(self, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.set_reactive(CallerCard.mood, scenario.caller.mood)
        self.persona_name = self._persona_name()

    def _persona_name(self) -> str:
        try:
            from simulator.personas import load_personas

            persona = load_personas().get(self.scenario.caller.persona)
        except Exception:  # a broken personas file must not stop the call
            persona = None
        return persona.name if persona and persona.name else self.scenario.caller.persona

    def render(self) -> Text:
        c = self.scenario.caller
        out = Text()
        out.append("来电者", style="bold")
        out.append(f"　{c.name or '（未具名）'}\n")
        out.append(f"{SEXES.get(c.sex, c.sex)}·{AGES.get(c.age, c.age)}·{language_name(c.language)}\n",
                   style="dim")
        out.append(f"声音：{self.persona_name}\n", style="dim")
        out.append("情绪：")
        out.append_text(mood_bar(self.mood))
        return out

    def watch_mood(self, old: str, new: str) -> None:
        if old != new:
            self.add_class("changed")
            self.set_timer(0.6, lambda: self.remove_class("changed"))
