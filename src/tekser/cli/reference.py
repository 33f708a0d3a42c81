"""The README's command reference, generated from the commands themselves.

The README holds it between cog markers; `cog -r README.md` rewrites it from the commands'
own options and help, and `tests/test_docs.py` fails when it is stale. So the reference
cannot drift from `--help`: a new option, choice or command shows up in both.
"""

from __future__ import annotations

import inspect

import click


def _argument(parameter: click.Argument) -> str:
    name = (parameter.metavar or parameter.name or "").upper()
    if isinstance(parameter.type, click.Choice):
        name = "{" + "\\|".join(str(choice) for choice in parameter.type.choices) + "}"
    many = parameter.nargs == -1
    text = f"{name} …" if many else name
    return text if parameter.required else f"[{text}]"


def _option(parameter: click.Option) -> str:
    name = max(parameter.opts, key=len)
    if parameter.is_flag:
        text = name
    else:
        if isinstance(parameter.type, click.Choice):
            value = "\\|".join(str(choice) for choice in parameter.type.choices)
        else:
            value = (parameter.metavar or parameter.name or "").upper()
        text = f"{name} {value}" + (" …" if parameter.multiple else "")
    return text if parameter.required else f"[{text}]"


def synopsis(name: str, command: click.Command) -> str:
    """`tekser NAME` with its arguments and options, as a reader types them."""
    words = [f"tekser {name}"]
    for parameter in command.params:
        if isinstance(parameter, click.Argument):
            words.append(_argument(parameter))
        elif isinstance(parameter, click.Option) and not parameter.hidden:
            words.append(_option(parameter))
    return " ".join(words)


def _paragraphs(command: click.Command) -> tuple[list[str], str]:
    """The help's paragraphs, each on one line, and its example (`Example: …`) apart."""
    paragraphs, example = [], ""
    for block in inspect.cleandoc(command.help or "").split("\n\n"):
        text = " ".join(block.split())
        if text.startswith("Example:"):
            example = text.removeprefix("Example:").strip()
        elif text:
            paragraphs.append(text)
    return paragraphs, example


def _options(command: click.Command) -> list[str]:
    lines = []
    for parameter in command.params:
        if isinstance(parameter, click.Option) and not parameter.hidden and parameter.help:
            names = ", ".join(f"`{name}`" for name in parameter.opts)
            lines.append(f"- {names}: {' '.join(parameter.help.split())}")
    return lines


def reference(group: click.Group) -> str:
    """Every command in Markdown, in the order of `tekser --help`: its synopsis, its help
    and its options, as `--help` gives them."""
    context = click.Context(group)
    parts: list[str] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        paragraphs, example = _paragraphs(command)
        parts.append(f"### `tekser {name}`\n")
        parts.append(f"```\n{synopsis(name, command).replace(chr(92) + '|', '|')}\n```\n")
        parts.extend(f"{paragraph}\n" for paragraph in paragraphs)
        options = _options(command)
        if options:
            parts.append("\n".join(options) + "\n")
        if example:
            parts.append(f"Example: `{example}`\n")
    return "\n".join(parts)
