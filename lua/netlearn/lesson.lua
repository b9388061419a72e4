--[[ netlearn.lesson -- lessons: loading, checking on load, and walking them.

A lesson (lessons/NAME.lua) is declared content: top-level fields
`title`, `article`, `objectives`, `requires`, `steps`, and steps built with
step{}, predict{}, choice{}, task{} holding command lines (the article's own)
and claims (netlearn.claims). It is loaded in its own restricted environment
(netlearn.sandboxenv) and every field is checked: a mistake is refused with
FILE:LINE and what to write instead. docs/lesson-authoring.md is the guide.

Three ways to walk a lesson:
  interactive  `netlearn run ipip`, `lesson ipip` in the shell: one step at a
               time, the learner's own commands in between (netlearn.cmd.lesson)
  unattended   `netlearn run ipip </dev/null`: every step, human output
  check        `netlearn check [LESSON...]`: every step, every claim, TAP

  local lesson = require("netlearn.lesson")
  local L, err = lesson.load("lessons/_example.lua", {trust = false})

Where things are (each part adds its functions to this one table, so
`netlearn.lesson` is the one name to require):
  netlearn.lesson_find    the search path: dirs, resolve, all, id_of
  netlearn.lesson_output  what reaches the terminal: clean, comment, fold; a lesson's print()
  netlearn.lesson_load    the lesson file format: step kinds and fields, load; kernel features
  netlearn.lesson_run     the walker: Run (perform, tasks, challenge hand-off), reset_lab,
                          and the shell's lesson: start, next, back, again, skip, quit
  netlearn.lesson_quiz    predict{} and choice{}: the question and the learner's answer
  netlearn.lesson_cli     `netlearn run`, `check`, `list`
]]
local M = {}
-- the parts below require this module back and add to this same table
package.loaded["netlearn.lesson"] = M

-- The module's state, read and set by other modules:
M.current = nil               -- the interactive Run (lesson_run: start/quit; cmd.lesson reads it)
M.tap_mode = false            -- true while `netlearn check` writes TAP (lesson_cli, netlearn.challenge)

require("netlearn.lesson_find")
require("netlearn.lesson_output")
require("netlearn.lesson_load")
require("netlearn.lesson_run")
require("netlearn.lesson_quiz")
require("netlearn.lesson_cli")

return M
