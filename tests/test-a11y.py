#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader (Orca) gets from Routeboek.

Starts the real app on a generated SWV database (with a conflict from a colleague's
bundle), on an Xvfb and a D-Bus session (with its own accessibility bus) of its own, and
walks the AT-SPI tree of every screen: the dashboard; a case file with its timeline,
documents, document editor (signature pads) and route; the preferences with the route
editor and the retention page; the shortcuts window; the new-case and new-database
assistants; the main menu; the reports, the share dialog and the conflict view. Every
control that is on screen must have an accessible name, so must images, drawing areas
and Routeboek's own widgets that draw their content themselves, and every window a
title; the main window's title must name the SWV. The timeline and the reports chart
must also tell in text what they draw, no name may carry a mnemonic's underscore, and
the app must survive a screen reader asking for a window past the end. Prints TAP; each
failure lists the offenders with the path to them.

Usage: test-a11y.py ROUTEBOEK [--tap]   (ROUTEBOEK_CLI names routeboek-cli)
"""

import json
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
from gi.repository import Atspi, Gio, GLib  # noqa: E402

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


# Names that still carry a mnemonic's underscore ("_Cancel Cancel"): a screen reader
# reads them out with it, and twice. Collected as the screens are walked.
MNEMONIC_NAME = re.compile(r"(^|\s)_\w")
MNEMONIC_NAMES = set()


def offenders(frame, root=None):
    """The path to each accessible on screen in FRAME (or only under ROOT in it) that
    lacks a name it needs. Names with a mnemonic's underscore go to MNEMONIC_NAMES."""
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
        if visible and name and MNEMONIC_NAME.search(name):
            MNEMONIC_NAMES.add(f"{name!r} ({role.value_nick})")
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
            elif (class_name.startswith("Rb") or class_name == "GtkDrawingArea") \
                    and n_children == 0:
                # Drawings (Routeboek's own widgets, drawing areas) have nothing else for a
                # screen reader.
                found.append(where + " [custom widget]")
        named_control = role in NAMED_ROLES and not unnamed(name)
        for i in range(n_children):
            child = node.get_child_at_index(i)
            if child is not None:
                walk(child, here, depth + 1, in_control or named_control)

    if root is None and unnamed(frame.get_name()):
        found.append(f"window title: {describe(frame)}")
    walk(root or frame, [], 0, False)
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
        # File choosers start in the working folder: exports land in the test's own.
        self.process = subprocess.Popen([program, "--non-unique", database], env=env,
                                        stdout=sys.stderr, cwd=os.path.dirname(database))
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


def click(node):
    e = node.get_extents(Atspi.CoordType.WINDOW)
    subprocess.run(["xdotool", "mousemove", str(e.x + e.width // 2), str(e.y + e.height // 2),
                    "click", "1"], check=True)


def scroll_down(node):
    """Mouse wheel notches over NODE: what lies below the fold comes into view."""
    e = node.get_extents(Atspi.CoordType.WINDOW)
    subprocess.run(["xdotool", "mousemove", str(e.x + e.width // 2), str(e.y + e.height // 2),
                    "click", "--repeat", "40", "--delay", "5", "5"], check=True)


def activate(node):
    """A button's (or menu item's) own action, as a screen reader triggers it. GTK 4.8
    answers a menu item's only after the menu has closed, sometimes not at all: what
    the action opens is waited for instead."""
    try:
        node.get_action_iface().do_action(0)
    except gi.repository.GLib.Error:
        pass


def named(role, name):
    return lambda n: n.get_role() == role and n.get_name() == name


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


def check_frame(tap, name, frame, reported, root=None):
    """Offenders already listed for an earlier screen (a page still in the tree behind
    this one) are not listed again."""
    found = [o for o in offenders(frame, root) if o not in reported]
    reported.update(found)
    tap.result(f"{name}: every control on screen has an accessible name", [
        f"unnamed: {o}" for o in found])


def ask_past_the_end(app, window):
    """A screen reader that counted the windows just before a dialog closed asks for one
    past the end. GTK 4.8 then answers with the last window in its list, whatever its
    state; the app must survive that and go on answering. Asked over D-Bus, as libatspi
    may answer an index out of range from its cache without asking the app."""
    session = Gio.bus_get_sync(Gio.BusType.SESSION)
    address = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                                None, GLib.VariantType("(s)"), 0, 5000, None).unpack()[0]
    bus = Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)

    def call(name, path, interface, method, args, reply):
        return bus.call_sync(name, path, interface, method, args, GLib.VariantType(reply),
                             0, 5000, None).unpack()

    names = [n for n in call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                             "org.freedesktop.DBus", "ListNames", None, "(as)")[0]
             if n.startswith(":")]
    owner = next((n for n in names if call(
        "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "GetConnectionUnixProcessID", GLib.Variant("(s)", (n,)), "(u)")[0]
        == app.process.pid), None)
    if owner is None:
        return ["the app has no connection to the accessibility bus"]
    root = "/org/a11y/atspi/accessible/root"
    count = call(owner, root, "org.freedesktop.DBus.Properties", "Get",
                 GLib.Variant("(ss)", ("org.a11y.atspi.Accessible", "ChildCount")), "(v)")[0]
    try:
        call(owner, root, "org.a11y.atspi.Accessible", "GetChildAtIndex",
             GLib.Variant("(i)", (count,)), "((so))")
    except GLib.Error:
        pass  # an error is a fair answer
    time.sleep(0.5)
    if app.process.poll() is not None:
        return [f"the app ended (exit status {app.process.poll()}) after GetChildAtIndex"
                f"({count}) with {count} windows"]
    if window.get_name() is None:
        return ["the main window no longer answers"]
    return []


CLI_ENV = dict(os.environ, LANGUAGE="en")


def cli(database, *args):
    return subprocess.run([CLI, "--db", database] + list(args), check=True, env=CLI_ENV,
                          stdout=subprocess.PIPE, text=True).stdout


def prepare_database(tmp):
    """A generated SWV, and a colleague who changed the name of a route that this user
    changed too: a conflict waits. A copy is what routeboek-cli reads while the app holds
    the database."""
    database = os.path.join(tmp, "swv.db")
    colleague = os.path.join(tmp, "colleague.db")
    passphrase = os.path.join(tmp, "passphrase")
    with open(passphrase, "w") as f:
        f.write("een lange gedeelde zin\n")
    cli(database, "init", "--name", SWV_NAME, "--type", "PO", "--region", "zuid")
    cli(database, "generate", "--cases", "40", "--seed", "7")
    start = os.path.join(tmp, "start.routeboek")
    cli(database, "export", "--passphrase-file", passphrase, start)
    cli(colleague, "import", "--create", "--passphrase-file", passphrase, start)
    route = cli(database, "routes").split()[1]
    definition = os.path.join(tmp, "route.json")
    cli(database, "routes", "--export", route, definition)
    for db, who in ((database, "mine"), (colleague, "colleague's")):
        with open(definition) as f:
            text = json.load(f)
        text["name"] += f" ({who})"
        changed = os.path.join(tmp, "changed.json")
        with open(changed, "w") as f:
            json.dump(text, f)
        cli(db, "routes", "--import", changed)
    bundle = os.path.join(tmp, "colleague.routeboek")
    cli(colleague, "export", "--passphrase-file", passphrase, bundle)
    cli(database, "import", "--passphrase-file", passphrase, bundle)
    if not json.loads(cli(database, "conflicts", "--json") or "[]"):
        raise RuntimeError("routeboek-cli made no conflict to show")
    copy = os.path.join(tmp, "copy.db")
    shutil.copyfile(database, copy)
    return database, copy


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def timeline_problems(window, copy, pupil):
    """The timeline is a named, focusable drawing whose description lists the deadlines
    that routeboek-cli computes for the case: each one's title and day."""
    timeline = find(window, lambda n: n.get_name() == "Timeline of the case")
    if timeline is None:
        return ["no accessible named 'Timeline of the case' on screen"]
    problems = []
    if timeline.get_role() in (Atspi.Role.FILLER, Atspi.Role.UNKNOWN, Atspi.Role.INVALID):
        problems.append(f"the timeline has no role of its own ({timeline.get_role_name()})")
    description = timeline.get_description() or ""
    case = next((line.split()[0] for line in cli(copy, "list-cases").splitlines()
                 if pupil in line), None)
    if case is None:
        return problems + [f"routeboek-cli does not list {pupil!r}"]
    # Agreements and the minutes of meetings are drawn with their agreement or meeting,
    # not as deadlines across the chart.
    deadlines = [d for d in json.loads(cli(copy, "milestones", "--case", case,
                                           "--json"))["milestones"]
                 if d["due"] and d["code"] not in ("agreement", "meeting-minutes")]
    if not deadlines:
        problems.append(f"case {case} has no deadlines to describe: choose another")
    for deadline in deadlines:
        year, month, day = (int(x) for x in deadline["due"].split("-"))
        for text in (deadline["title"], f"{day} {MONTHS[month - 1]} {year}"):
            if text not in description:
                problems.append(f"the description {description!r} lacks {text!r}")
    return problems


def chart_problems(reports):
    """The bar chart is an image named by its title whose description gives each bar's
    label and figure; the figures add up to the report's count of pupils at home."""
    chart = find(reports, lambda n: n.get_name() == "Time at home"
                 and n.get_role() != Atspi.Role.LABEL)
    if chart is None:
        return ["no accessible named 'Time at home' on screen"]
    problems = [] if chart.get_role() == Atspi.Role.IMAGE else [
        f"the chart is a {chart.get_role_name()}, not an image"]
    description = chart.get_description() or ""
    bars = re.findall(r"([^;:]+): (\d+)", description)
    if len(bars) < 2:
        problems.append(f"the description {description!r} does not list the bars")
    return problems


def descendants(node):
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            yield child
            yield from descendants(child)


def main():
    global CLI
    program = os.path.abspath(sys.argv[1])
    CLI = os.environ.get("ROUTEBOEK_CLI", os.path.join(os.path.dirname(program), "..", "cli",
                                                       "routeboek-cli"))
    tmp = tempfile.mkdtemp(prefix="routeboek-a11y-")
    tap = Tap()
    reported = set()
    planned = 21
    print(f"1..{planned}", file=TAP)
    app = None
    try:
        database, copy = prepare_database(tmp)
        app = App(program, database, os.path.join(tmp, "data"))

        def other_frame(what):
            frame = wait_for(what, lambda: next(
                (f for f in app.frames() if f.get_name() != window.get_name()), None))
            time.sleep(0.5)
            return frame

        def close(frame, what):
            activate(wait_for(f"the close button of the {what}", lambda: find(
                frame, lambda n: n.get_role() == Atspi.Role.PUSH_BUTTON
                and n.get_name() in ("Close", "Cancel"))))
            wait_for(f"the {what} to close", lambda: len(app.frames()) == 1)

        def menu(label):
            """An item of the main menu (F10)."""
            press("F10")
            activate(wait_for(f"the menu item {label}", lambda: find(
                window, named(Atspi.Role.MENU_ITEM, label)), 10))

        # The dashboard, with its table of cases filled.
        window = wait_for("the main window", lambda: next(iter(app.frames()), None))
        table = wait_for("the table of cases", lambda: find(
            window, lambda n: n.get_role() == Atspi.Role.TREE_TABLE))
        title = window.get_name() or ""
        tap.result("the window title names the SWV", [] if SWV_NAME in title else [
            f"window title {title!r} does not contain {SWV_NAME!r}"])
        check_frame(tap, "dashboard", window, reported)

        # A case file: the first row, double-clicked; then its sections from the sidebar.
        row = wait_for("a row of the table", lambda: find(
            table, lambda n: n.get_role() == Atspi.Role.TABLE_ROW
            and n.get_parent().get_role() == Atspi.Role.LIST))
        pupil = find(row, lambda n: n.get_role() == Atspi.Role.LABEL,
                     window.get_extents(Atspi.CoordType.WINDOW)).get_name()
        double_click(row)
        wait_for("the case file", lambda: find(window, is_back_button))
        time.sleep(1)
        check_frame(tap, "case file", window, reported)

        def section(name):
            """Shows a section; what to check is in its page (the rest of the window, and
            the pages behind it, were checked before)."""
            click(wait_for(f"the section {name}", lambda: find(
                window, named(Atspi.Role.LIST_ITEM, name))))
            time.sleep(0.5)
            return find(window, named(Atspi.Role.PANEL, name))

        page = section("Timeline")
        check_frame(tap, "case file: timeline", window, reported, page)
        tap.result("the timeline describes its deadlines in text",
                   timeline_problems(window, copy, pupil))
        page = section("Documents")
        check_frame(tap, "case file: documents", window, reported, page)

        # A new Brugformat (the first kind; it has two signature pads) in the editor.
        # A menu button holds the button that opens its menu.
        new = wait_for("the New Document button", lambda: find(
            window, named(Atspi.Role.PUSH_BUTTON, "New Document")))
        activate(find(new.get_child_at_index(0), lambda n: n.get_role()
                      == Atspi.Role.PUSH_BUTTON, window.get_extents(Atspi.CoordType.WINDOW)))
        wait_for("the kinds of document", lambda: find(
            window, lambda n: n.get_role() == Atspi.Role.MENU_ITEM))
        press("Down")
        press("Return")
        form = wait_for("the document editor", lambda: find(
            window, named(Atspi.Role.LIST, "Gegevens")))
        time.sleep(0.5)
        problems = [o for o in offenders(window, page) if o not in reported]
        scroll_down(form)
        time.sleep(0.5)
        pad = find(window, lambda n: n.get_role() == Atspi.Role.IMAGE
                   and (n.get_name() or "").startswith("Signature of "))
        problems += [o for o in offenders(window, page)
                     if o not in reported and o not in problems]
        reported.update(problems)
        if pad is None:
            problems.append("no signature pad named 'Signature of …' on screen")
        tap.result("case file: document editor with its signature pads: every control on "
                   "screen has an accessible name", [f"unnamed: {p}" for p in problems])
        page = section("Route")
        check_frame(tap, "case file: route", window, reported, page)
        press("Escape")
        wait_for("the dashboard again", lambda: not find(window, is_back_button))

        # The preferences, with the route editor and the retention page.
        press("ctrl+comma")
        dialog = other_frame("the preferences")
        check_frame(tap, "preferences", dialog, reported)
        for page, shows in (("Routes", "Steps"), ("Retention", "Retention Period")):
            activate(find(dialog, named(Atspi.Role.PAGE_TAB, page)))
            wait_for(f"the {page} page", lambda: find(
                dialog, lambda n: n.get_name() == shows))
            time.sleep(0.5)
            check_frame(tap, f"preferences: {page.lower()}", dialog, reported)
        press("Escape")
        wait_for("the preferences to close", lambda: len(app.frames()) == 1)

        press("ctrl+question")
        dialog = other_frame("the shortcuts window")
        check_frame(tap, "shortcuts window", dialog, reported)
        press("Escape")
        wait_for("the shortcuts window to close", lambda: len(app.frames()) == 1)

        press("ctrl+n")
        dialog = other_frame("the new-case assistant")
        check_frame(tap, "new-case assistant", dialog, reported)
        press("Escape")
        wait_for("the new-case assistant to close", lambda: len(app.frames()) == 1)

        # The new-database assistant, page by page (the name is what the first needs).
        press("ctrl+shift+n")
        dialog = other_frame("the new-database assistant")
        problems = []
        for page in range(3):
            if page == 0:
                wait_for("the name entry", lambda: find(dialog, lambda n: n.get_role(
                ) == Atspi.Role.TEXT)).get_editable_text_iface().set_text_contents("SWV Nieuw")
            else:
                activate(find(dialog, lambda n: n.get_role() == Atspi.Role.PUSH_BUTTON
                              and "Next" in (n.get_name() or "").split()))
                time.sleep(0.5)
            problems += [o for o in offenders(dialog) if o not in reported and o not in problems]
        reported.update(problems)
        if not find(dialog, lambda n: n.get_role() == Atspi.Role.PUSH_BUTTON
                    and "Create" in (n.get_name() or "").split()):
            problems.append("the last page (with its Create button) was not reached")
        tap.result("new-database assistant: every control on screen has an accessible name",
                   [f"unnamed: {p}" for p in problems])
        close(dialog, "new-database assistant")

        # The main menu (F10) itself, then the windows it opens.
        press("F10")
        wait_for("the main menu", lambda: find(
            window, lambda n: n.get_role() == Atspi.Role.MENU_ITEM), 10)
        time.sleep(0.5)
        problems = [o for o in offenders(window) if o not in reported]
        reported.update(problems)
        if not find(window, named(Atspi.Role.MENU_ITEM, "Keyboard Shortcuts")):
            problems.append("no menu item named 'Keyboard Shortcuts' (mnemonic left in?)")
        tap.result("main menu: every item has an accessible name",
                   [f"unnamed: {p}" for p in problems])
        press("Escape")
        menu("Reports")
        reports = other_frame("the reports")
        check_frame(tap, "reports", reports, reported)
        tap.result("the reports chart tells its figures in text", chart_problems(reports))
        close(reports, "reports")

        menu("Export for Colleagues…")
        # GTK's own file chooser (not checked here) proposes a name in the working folder.
        wait_for("the file chooser", lambda: app.accessible.get_child_count() > 1)
        time.sleep(0.5)
        press("Return")
        dialog = other_frame("the share dialog")
        check_frame(tap, "share dialog", dialog, reported)
        close(dialog, "share dialog")

        menu("Conflicts")
        dialog = other_frame("the conflict view")
        # The choices may lie below the fold, under a long value.
        if not any(n.get_role() in (Atspi.Role.CHECK_BOX, Atspi.Role.RADIO_BUTTON)
                   for n in descendants(dialog)):
            tap.result("conflict view shows the conflict", ["no choice to make"])
        else:
            check_frame(tap, "conflict view", dialog, reported)
        close(dialog, "conflict view")

        tap.result("a window asked for past the end does not end the application",
                   ask_past_the_end(app, window))
        tap.result("no name on any screen carries a mnemonic's underscore",
                   sorted(MNEMONIC_NAMES))
    except Exception as error:  # a failure to get there is a failure of the next test
        while tap.number < planned:
            tap.result(f"reached every screen ({error})", [str(error)])
    finally:
        if app is not None:
            app.quit()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
