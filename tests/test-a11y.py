#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader (Orca) gets from Routeboek.

Starts the real app on a generated SWV database, on an Xvfb and a D-Bus session (with its
own accessibility bus) of its own, and walks the AT-SPI tree of the dashboard, a case file, the
preferences and the new-case assistant. Every control that is on screen must have an
accessible name, so must images and Routeboek's own widgets that draw their content
themselves; the window title must name the SWV. Prints TAP; each failure lists the
offenders with the path to them.

Usage: test-a11y.py ROUTEBOEK [--tap]   (ROUTEBOEK_CLI names routeboek-cli)
"""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time



def start_xvfb():
    """An Xvfb on a free display. Its own choice (-displayfd alone) races with servers
    starting at the same moment, so a random display is tried; a taken one makes Xvfb
    exit before it reports the display as ready. Without -noreset the server resets
    when the AT-SPI daemons' first connection closes, and refuses the app meanwhile."""
    for _ in range(20):
        number = random.randrange(200, 60000)
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", f":{number}", "-displayfd", str(write_end), "-screen",
                                 "0", "1920x1080x24", "-nolisten", "tcp", "-noreset"],
                                pass_fds=(write_end,), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            display = pipe.readline().strip()
        if display:
            return xvfb, display
        xvfb.wait()
    return None, ""


def run_isolated():
    """Runs this script again on an X server and a D-Bus session of its own: the other
    GUI tests share the suite's display (their windows would take the clicks), and a
    desktop's accessibility bus must not be used. The daemons write to stdout, so they
    get stderr and the TAP goes to a copy of stdout."""
    xvfb, display = start_xvfb()
    tap = os.dup(1)
    env = dict(os.environ, DISPLAY=":" + display, ROUTEBOEK_A11Y_TAP_FD=str(tap))
    env.pop("WAYLAND_DISPLAY", None)
    try:
        if not display:
            print("Bail out! Xvfb did not start", flush=True)
            return 1
        return subprocess.run(["dbus-run-session", "--", sys.executable] + sys.argv, env=env,
                              stdout=sys.stderr, pass_fds=(tap,)).returncode
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()


if "ROUTEBOEK_A11Y_TAP_FD" not in os.environ:
    sys.exit(run_isolated())
TAP = os.fdopen(int(os.environ["ROUTEBOEK_A11Y_TAP_FD"]), "w", buffering=1)

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

SWV_NAME = "SWV Toegankelijk PO"

# Roles a user operates: each needs a name of its own.
NAMED_ROLES = {
    Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.CHECK_BOX,
    Atspi.Role.RADIO_BUTTON, Atspi.Role.ENTRY, Atspi.Role.TEXT, Atspi.Role.PASSWORD_TEXT,
    Atspi.Role.COMBO_BOX, Atspi.Role.LIST_ITEM, Atspi.Role.SPIN_BUTTON, Atspi.Role.SLIDER,
    Atspi.Role.MENU_ITEM, Atspi.Role.CHECK_MENU_ITEM, Atspi.Role.RADIO_MENU_ITEM,
    Atspi.Role.LINK, Atspi.Role.IMAGE, Atspi.Role.CANVAS,
    Atspi.Role.PAGE_TAB,
}

# GTK 4.8 reports the class name when an accessible has no name at all (a button with
# only an icon is "GtkImage", a menu button "GtkMenuButton"): that is no name either.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Rb)[A-Z][A-Za-z]*$")


def unnamed(name):
    return not name or not name.strip() or TYPE_NAME.match(name.strip()) is not None


def describe(node):
    role = node.get_role_name()
    name = node.get_name() or ""
    text = f'{role} "{name}"' if name else role
    description = node.get_description()
    return text + (f" (tooltip/description: {description!r})" if description else "")


def on_screen(node, frame_extents):
    """GTK 4.8 marks only windows SHOWING; a widget on screen has a size and lies in the
    window. A page of a stack that was never shown has no size; one shown before keeps
    its size when another page takes its place, so it is checked again (a superset)."""
    try:
        e = node.get_extents(Atspi.CoordType.WINDOW)
    except Exception:
        return None  # no component (a GtkStackPage): decided by its children
    if e.width <= 0 or e.height <= 0:
        return False
    return e.x < frame_extents.width and e.y < frame_extents.height \
        and e.x + e.width > 0 and e.y + e.height > 0


def offenders(frame):
    """The path to each accessible on screen in FRAME that lacks a name it needs."""
    found = []
    frame_extents = frame.get_extents(Atspi.CoordType.WINDOW)

    def walk(node, path, depth, in_control):
        if depth > 60:
            return
        try:
            role = node.get_role()
            states = node.get_state_set()
        except Exception:
            return
        if not states.contains(Atspi.StateType.VISIBLE):
            return
        visible = on_screen(node, frame_extents)
        if visible is False:
            return
        name = node.get_name()
        # The path shows the named ancestors only: they are what one finds the widget by.
        here = path + [describe(node)] if not unnamed(name) else path
        n_children = node.get_child_count()
        class_name = name.strip() if name and TYPE_NAME.match(name.strip()) else ""
        if visible and unnamed(name):
            where = " > ".join(path[-3:] + [describe(node)])
            # An icon or the shown choice (a list item holding its text) inside a named
            # entry, combo or tab is part of that control, which a screen reader announces
            # (libadwaita 1.2 builds them so). Buttons must be named themselves.
            part = in_control and role in (Atspi.Role.IMAGE, Atspi.Role.LIST_ITEM)
            if role in NAMED_ROLES and not part:
                found.append(where)
            elif class_name.startswith("Rb") and n_children == 0:
                # Routeboek's own drawing widgets have nothing else for a screen reader.
                found.append(where + " [custom widget]")
        named_control = role in NAMED_ROLES and not unnamed(name)
        for i in range(n_children):
            child = node.get_child_at_index(i)
            if child is not None:
                walk(child, here, depth + 1, in_control or named_control)

    walk(frame, [], 0, False)
    return found


class App:
    def __init__(self, program, database, data_dir):
        env = dict(os.environ)
        # The gui suite turns accessibility off for the other tests.
        env.pop("NO_AT_BRIDGE", None)
        env.pop("GTK_A11Y", None)
        env["ROUTEBOEK_DATA_DIR"] = data_dir
        env["GSETTINGS_BACKEND"] = "memory"
        env["GDK_BACKEND"] = "x11"
        env["LANGUAGE"] = "en"
        self.process = subprocess.Popen([program, "--non-unique", database], env=env,
                                        stdout=sys.stderr)
        self.accessible = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.accessible is None \
                and self.process.poll() is None:
            self.accessible = self.find_app()
            time.sleep(0.2)
        if self.accessible is None:
            raise RuntimeError("Routeboek did not appear on the accessibility bus (exit status "
                               f"{self.process.poll()})")

    def find_app(self):
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            child = desktop.get_child_at_index(i)
            try:
                if child is not None and child.get_process_id() == self.process.pid:
                    return child
            except Exception:
                pass
        return None

    def frames(self):
        result = []
        for i in range(self.accessible.get_child_count()):
            child = self.accessible.get_child_at_index(i)
            if child is not None and child.get_state_set().contains(Atspi.StateType.SHOWING):
                result.append(child)
        return result

    def quit(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_for(what, predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


def find(node, predicate, frame_extents=None, depth=0):
    """The first accessible on screen under NODE that PREDICATE accepts."""
    if frame_extents is None:
        frame_extents = node.get_extents(Atspi.CoordType.WINDOW)
    if depth > 60 or on_screen(node, frame_extents) is False \
            or not node.get_state_set().contains(Atspi.StateType.VISIBLE):
        return None
    if predicate(node):
        return node
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None:
            continue
        hit = find(child, predicate, frame_extents, depth + 1)
        if hit is not None:
            return hit
    return None


def press(keys):
    """Keys as a user types them. Atspi's own key generator does not reach Xvfb, so
    xdotool sends them (XTEST) to the focused window."""
    subprocess.run(["xdotool", "key", "--clearmodifiers", keys], check=True)


def double_click(node):
    """The window lies at the origin of the screen: the test's own Xvfb has no window
    manager."""
    e = node.get_extents(Atspi.CoordType.WINDOW)
    subprocess.run(["xdotool", "mousemove", str(e.x + min(e.width // 2, 60)),
                    str(e.y + e.height // 2), "click", "--repeat", "2", "1"], check=True)


def is_back_button(node):
    """The header bar's back button shows only in a case file."""
    return node.get_role() == Atspi.Role.PUSH_BUTTON and "Back to the Dashboard" in (
        (node.get_name() or "") + (node.get_description() or ""))


class Tap:
    def __init__(self):
        self.number = 0
        self.failed = 0

    def result(self, name, problems):
        self.number += 1
        if problems:
            self.failed += 1
            print(f"not ok {self.number} {name}", file=TAP)
            for problem in problems:
                print(f"#   {problem}", file=TAP)
        else:
            print(f"ok {self.number} {name}", file=TAP)


def check_frame(tap, name, frame, reported):
    """Offenders already listed for an earlier screen (a page still in the tree behind
    this one) are not listed again."""
    found = [o for o in offenders(frame) if o not in reported]
    reported.update(found)
    tap.result(f"{name}: every control on screen has an accessible name", [
        f"unnamed: {o}" for o in found])


def main():
    program = os.path.abspath(sys.argv[1])
    cli = os.environ.get("ROUTEBOEK_CLI", os.path.join(os.path.dirname(program), "..", "cli",
                                                       "routeboek-cli"))
    tmp = tempfile.mkdtemp(prefix="routeboek-a11y-")
    tap = Tap()
    reported = set()
    print("1..5", file=TAP)
    app = None
    try:
        database = os.path.join(tmp, "swv.db")
        subprocess.run([cli, "--db", database, "init", "--name", SWV_NAME, "--type", "PO",
                        "--region", "zuid"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([cli, "--db", database, "generate", "--cases", "40", "--seed", "7"],
                       check=True, stdout=subprocess.DEVNULL)
        app = App(program, database, os.path.join(tmp, "data"))

        # The dashboard, with its table of cases filled.
        window = wait_for("the main window", lambda: next(iter(app.frames()), None))
        table = wait_for("the table of cases", lambda: find(
            window, lambda n: n.get_role() == Atspi.Role.TREE_TABLE))
        title = window.get_name() or ""
        tap.result("the window title names the SWV", [] if SWV_NAME in title else [
            f"window title {title!r} does not contain {SWV_NAME!r}"])
        check_frame(tap, "dashboard", window, reported)

        # A case file: the first row, double-clicked.
        row = wait_for("a row of the table", lambda: find(
            table, lambda n: n.get_role() == Atspi.Role.TABLE_ROW
            and n.get_parent().get_role() == Atspi.Role.LIST))
        double_click(row)
        wait_for("the case file", lambda: find(window, is_back_button))
        time.sleep(1)
        check_frame(tap, "case file", window, reported)
        press("Escape")
        wait_for("the dashboard again", lambda: not find(window, is_back_button))

        # The preferences and the new-case assistant open windows of their own.
        for name, keys in (("preferences", "ctrl+comma"), ("new-case assistant", "ctrl+n")):
            press(keys)
            dialog = wait_for(name, lambda: next(
                (f for f in app.frames() if f.get_name() != window.get_name()), None))
            time.sleep(1)
            check_frame(tap, name, dialog, reported)
            press("Escape")
            wait_for(f"the {name} to close", lambda: len(app.frames()) == 1)
    except Exception as error:  # a failure to get there is a failure of the next test
        while tap.number < 5:
            tap.result(f"reached every screen ({error})", [str(error)])
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
