//! The commands keys are bound to: their names (used in config.toml and
//! the help) and what help says about them.

/// Every command a key can be bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    Help,
    OpenBrowser,
    NextPane,
    SwapPanes,
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Forward,
    Backward,
    Left,
    Right,
    LineDown,
    LineUp,
    WordForward,
    WordEnd,
    WordBack,
    SentenceForward,
    SentenceBack,
    ParagraphForward,
    ParagraphBack,
    ExtendLeft,
    ExtendRight,
    ExtendWordForward,
    ExtendWordBack,
    ToggleSelect,
    SelectWord,
    Cancel,
    TagClaim,
    TagFigure,
    TagEntity,
    Tag,
    EditLabel,
    EditNote,
    EditAttrs,
    Delete,
    Undo,
    Redo,
    Link,
    List,
    FigureFlags,
    Disagreements,
    Search,
    NextMatch,
    PrevMatch,
    NextSuggestion,
    PrevSuggestion,
    Accept,
    Reject,
    AcceptAll,
    Reveal,
    ForceSave,
    KeepOurs,
    KeepTheirs,
    KeepBoth,
    ConfirmBead,
    MergeBead,
    SplitBead,
    ToggleLayers,
    MarkDone,
    // Browser and list
    Up,
    Down,
    Open,
    OpenAlone,
    Sort,
    FilterLabel,
    FilterStatus,
}

/// One command: its name (used in config.toml), what help says about it,
/// and its default keys in each mode. The keymap, the help and the list of
/// command names are all generated from [`COMMANDS`].
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub cmd: Command,
    pub name: &'static str,
    pub help: &'static str,
    /// Default keys in the reader, the corpus browser and the annotation
    /// list, written as in config.toml (`ctrl-r`, `pagedown`, `G`).
    pub reader: &'static [&'static str],
    pub browser: &'static [&'static str],
    pub list: &'static [&'static str],
}

/// Every command, in the order help shows them.
pub const COMMANDS: &[Spec] = {
    use Command::*;
    &[
        Spec {
            cmd: Quit,
            name: "quit",
            help: "save everything and quit",
            reader: &["q"],
            browser: &["ctrl-q"],
            list: &[],
        },
        Spec {
            cmd: Help,
            name: "help",
            help: "show or hide this help",
            reader: &["?", "f1"],
            // In the browser typed characters go to the filter, except a
            // bound one typed first (`?` opens the help; `a?b` filters).
            browser: &["?", "f1"],
            list: &["?", "f1"],
        },
        Spec {
            cmd: OpenBrowser,
            name: "browser",
            help: "back to the corpus browser",
            reader: &["backspace"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: NextPane,
            name: "next-pane",
            help: "switch the active pane",
            reader: &["tab", "backtab"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: SwapPanes,
            name: "swap-panes",
            help: "swap the left and right panes",
            reader: &["s"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ScrollDown,
            name: "scroll-down",
            help: "scroll one line down",
            reader: &["ctrl-e"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ScrollUp,
            name: "scroll-up",
            help: "scroll one line up",
            reader: &["ctrl-y"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: PageDown,
            name: "page-down",
            help: "scroll one page down",
            reader: &["pagedown", "space", "ctrl-f"],
            browser: &["pagedown"],
            list: &["pagedown"],
        },
        Spec {
            cmd: PageUp,
            name: "page-up",
            help: "scroll one page up",
            reader: &["pageup", "ctrl-b"],
            browser: &["pageup"],
            list: &["pageup"],
        },
        Spec {
            cmd: Top,
            name: "top",
            help: "jump to the start",
            reader: &["g", "home"],
            browser: &["home"],
            list: &["g"],
        },
        Spec {
            cmd: Bottom,
            name: "bottom",
            help: "jump to the end",
            reader: &["G", "end"],
            browser: &["end"],
            list: &["G"],
        },
        Spec {
            cmd: Forward,
            name: "forward",
            help: "cursor to the next character (logical order)",
            reader: &["l"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Backward,
            name: "backward",
            help: "cursor to the previous character (logical order)",
            reader: &["h"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Left,
            name: "left",
            help: "cursor one character to the left on screen",
            reader: &["left"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Right,
            name: "right",
            help: "cursor one character to the right on screen",
            reader: &["right"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: LineDown,
            name: "line-down",
            help: "cursor one screen line down",
            reader: &["j", "down"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: LineUp,
            name: "line-up",
            help: "cursor one screen line up",
            reader: &["k", "up"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: WordForward,
            name: "word-forward",
            help: "cursor to the next word",
            reader: &["w"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: WordEnd,
            name: "word-end",
            help: "cursor to the end of the word",
            reader: &["E"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: WordBack,
            name: "word-back",
            help: "cursor to the previous word",
            reader: &["b"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: SentenceForward,
            name: "sentence-forward",
            help: "cursor to the next sentence",
            reader: &[")"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: SentenceBack,
            name: "sentence-back",
            help: "cursor to the previous sentence",
            reader: &["("],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ParagraphForward,
            name: "paragraph-forward",
            help: "cursor to the next paragraph",
            reader: &["}"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ParagraphBack,
            name: "paragraph-back",
            help: "cursor to the previous paragraph",
            reader: &["{"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ExtendLeft,
            name: "extend-left",
            help: "extend the selection left on screen",
            reader: &["shift-left"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ExtendRight,
            name: "extend-right",
            help: "extend the selection right on screen",
            reader: &["shift-right"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ExtendWordForward,
            name: "extend-word-forward",
            help: "extend the selection by a word",
            reader: &["W", "ctrl-shift-right"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ExtendWordBack,
            name: "extend-word-back",
            help: "extend the selection back by a word",
            reader: &["B", "ctrl-shift-left"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ToggleSelect,
            name: "select",
            help: "start or stop selecting",
            reader: &["v"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: SelectWord,
            name: "select-word",
            help: "select the word under the cursor",
            reader: &["i"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Cancel,
            name: "cancel",
            help: "drop the selection, a pending link or a message",
            reader: &["esc"],
            browser: &["esc"],
            list: &["esc", "A", "q"],
        },
        Spec {
            cmd: TagClaim,
            name: "tag-claim",
            help: "tag the selection as a claim",
            reader: &["c"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: TagFigure,
            name: "tag-figure",
            help: "tag the selection as a figure",
            reader: &["f"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: TagEntity,
            name: "tag-entity",
            help: "tag the selection as an entity (then its type)",
            reader: &["e"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Tag,
            name: "tag",
            help: "tag the selection with a label from the label set",
            reader: &["t"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: EditLabel,
            name: "edit-label",
            help: "change the label of the annotation under the cursor",
            reader: &["r"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: EditNote,
            name: "edit-note",
            help: "edit the note of the annotation under the cursor",
            reader: &["m"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: EditAttrs,
            name: "edit-attributes",
            help: "edit attributes (figure: value and unit; claim: speaker)",
            reader: &["a"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Delete,
            name: "delete",
            help: "delete the annotation under the cursor",
            reader: &["d", "delete"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Undo,
            name: "undo",
            help: "undo the last change",
            reader: &["u"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Redo,
            name: "redo",
            help: "redo the last undone change",
            reader: &["ctrl-r", "U"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Link,
            name: "link",
            help: "link the annotation under the cursor to one in the other pane",
            reader: &["L"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: List,
            name: "list",
            help: "list the document's annotations",
            reader: &["A"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Disagreements,
            name: "disagreements",
            help: "list where the team's layers of this document disagree (shows them; Enter jumps)",
            reader: &["K"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: FigureFlags,
            name: "figure-flags",
            help: "list figures that differ between aligned paragraphs (side by side)",
            reader: &["F"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Search,
            name: "search",
            help: "search (harakat, tatweel and alef forms ignored)",
            reader: &["/"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: NextMatch,
            name: "next-match",
            help: "next search match",
            reader: &["n"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: PrevMatch,
            name: "prev-match",
            help: "previous search match",
            reader: &["N"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: NextSuggestion,
            name: "next-suggestion",
            help: "next suggested annotation (after y/x: stays on the one they moved to)",
            reader: &["]"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: PrevSuggestion,
            name: "prev-suggestion",
            help: "previous suggested annotation",
            reader: &["["],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Accept,
            name: "accept",
            help: "accept the suggestion under the cursor and go to the next",
            reader: &["y"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Reject,
            name: "reject",
            help: "reject the suggestion under the cursor and go to the next",
            reader: &["x"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: AcceptAll,
            name: "accept-all",
            help: "accept all suggestions of this label",
            reader: &["Y"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Reveal,
            name: "reveal",
            help: "show or hide invisible characters",
            reader: &["R"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ForceSave,
            name: "force-save",
            help: "save, overwriting sidecars that changed on disk (keep mine, when they could not be merged)",
            reader: &["ctrl-s"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: KeepOurs,
            name: "keep-ours",
            help: "merge conflict of the annotation under the cursor (or all of the document): keep ours",
            reader: &["alt-o"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: KeepTheirs,
            name: "keep-theirs",
            help: "merge conflict of the annotation under the cursor (or all of the document): keep theirs",
            reader: &["alt-t"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: KeepBoth,
            name: "keep-both",
            help: "merge conflict of the annotation under the cursor (or all of the document): keep both",
            reader: &["alt-b"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ConfirmBead,
            name: "confirm-bead",
            help: "confirm (or unconfirm) the alignment of the paragraphs at the cursor",
            reader: &["="],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: MergeBead,
            name: "merge-bead",
            help: "align the paragraphs at the cursor together with the next ones",
            reader: &["+"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: SplitBead,
            name: "split-bead",
            help: "split the aligned group before the paragraphs at the two cursors",
            reader: &["|"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: ToggleLayers,
            name: "other-layers",
            help: "show or hide the other annotators' layers (team, not blind)",
            reader: &["O"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: MarkDone,
            name: "mark-done",
            help: "mark the document done in your layer (again: back to in progress)",
            reader: &["D"],
            browser: &[],
            list: &[],
        },
        Spec {
            cmd: Up,
            name: "up",
            help: "previous entry",
            reader: &[],
            browser: &["up", "ctrl-p"],
            list: &["up", "k"],
        },
        Spec {
            cmd: Down,
            name: "down",
            help: "next entry",
            reader: &[],
            browser: &["down", "ctrl-n"],
            list: &["down", "j"],
        },
        Spec {
            cmd: Open,
            name: "open",
            help: "open the document (with its partner side by side)",
            reader: &[],
            browser: &["enter"],
            list: &["enter"],
        },
        Spec {
            cmd: OpenAlone,
            name: "open-alone",
            help: "open the document alone",
            reader: &[],
            browser: &["ctrl-o"],
            list: &[],
        },
        Spec {
            cmd: Sort,
            name: "sort",
            help: "change the sort order",
            reader: &[],
            browser: &[],
            list: &["s"],
        },
        Spec {
            cmd: FilterLabel,
            name: "filter-label",
            help: "annotation list: show one label, then the next, then all",
            reader: &[],
            browser: &[],
            list: &["l"],
        },
        Spec {
            cmd: FilterStatus,
            name: "filter-status",
            help: "annotation list: show suggested, accepted, rejected, then all",
            reader: &[],
            browser: &[],
            list: &["t"],
        },
    ]
};

impl Command {
    /// Every command, in the order help shows them.
    pub const ALL: &'static [Command] = &{
        let mut all = [Command::Quit; COMMANDS.len()];
        let mut i = 0;
        while i < COMMANDS.len() {
            all[i] = COMMANDS[i].cmd;
            i += 1;
        }
        all
    };

    /// Its row of [`COMMANDS`].
    pub fn spec(self) -> &'static Spec {
        COMMANDS
            .iter()
            .find(|s| s.cmd == self)
            .unwrap_or(&COMMANDS[0])
    }

    /// The name used in `config.toml` key overrides.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// What help says about it.
    pub fn describe(self) -> &'static str {
        self.spec().help
    }

    pub fn from_name(name: &str) -> Option<Command> {
        COMMANDS.iter().find(|s| s.name == name).map(|s| s.cmd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_every_command_once_and_binds_no_key_twice() {
        let mut names = std::collections::HashSet::new();
        for s in COMMANDS {
            assert!(names.insert(s.name), "{} twice", s.name);
            assert_eq!(Command::from_name(s.name), Some(s.cmd));
            assert_eq!(s.cmd.spec().name, s.name);
        }
        assert_eq!(Command::ALL.len(), COMMANDS.len());
        let mut cmds: Vec<Command> = Command::ALL.to_vec();
        cmds.sort();
        cmds.dedup();
        assert_eq!(cmds.len(), COMMANDS.len(), "a command has two rows");
        for keys in [|s: &Spec| s.reader, |s: &Spec| s.browser, |s: &Spec| s.list] {
            let mut seen = std::collections::HashSet::new();
            for s in COMMANDS {
                for k in keys(s) {
                    assert!(seen.insert(*k), "{k} bound twice");
                }
            }
        }
    }
}
