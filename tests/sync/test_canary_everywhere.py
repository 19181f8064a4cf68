"""Issue 10: nothing a person typed reaches any file the app writes, whatever they do.

Canaries go into a member's pseudonym, a session's topic and notes, a debrief, and
two passphrases. Then the organisation does most of what it can: carries records both
ways, opens the debrief in the Inbox, backs up, changes a passphrase, re-encrypts with
a new key, answers a laptop's recovery request, and a wrong passphrase is typed. Every
file under the test's folder, and the home, data, cache, config, log and temp folders
the app was pointed at (`tests/written_files.py`), is then read for the canaries.
"""

from __future__ import annotations

from facilitator_app.domain.debriefs import DebriefFields, HowItWent
from facilitator_app.domain.errors import WrongPassphrase
from facilitator_app.services import backups, debriefs, inbox, sessions
from facilitator_app.services.key_rotation import rotate_data_key
from facilitator_app.services.passphrase_change import change_passphrase
from facilitator_app.services.recovery import (
    answer_recovery_request,
    recover_with_answer,
    write_recovery_request,
)
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.keys import KdfParams
from tests.factories import PASSPHRASE, make_member, make_session
from tests.sync.helpers import Org
from tests.written_files import WrittenFiles

PSEUDONYM = "Qzcanaryname"
TOPIC = "qzcanary-topic-8b2e"
SESSION_NOTES = "qzcanary-session-notes-40a7"
DEBRIEF = "qzcanary-debrief-51c9"
NEW_PASSPHRASE = "qzcanary-passphrase of the long quiet river"
RECOVERED_PASSPHRASE = "qzcanary-recovered lanterns along the canal"
WRONG_PASSPHRASE = "qzcanary-wrong guess at the front door"
CANARIES = (
    PSEUDONYM,
    TOPIC,
    SESSION_NOTES,
    DEBRIEF,
    NEW_PASSPHRASE,
    RECOVERED_PASSPHRASE,
    WRONG_PASSPHRASE,
)


def test_no_file_the_app_writes_holds_what_a_person_typed(
    written_files: WrittenFiles, org: Org
) -> None:
    coordinator, laptop = org.coordinator, org.robin.store
    member = make_member(coordinator, org.robins_group.id, name=PSEUDONYM)
    session = make_session(coordinator, org.robins_group.id, topic=TOPIC)
    org.to_laptop(org.robin)

    sessions.take_register(laptop, session.id, [member.id])
    sessions.save_notes(laptop, session.id, SESSION_NOTES)
    fields = DebriefFields(how_it_went=HowItWent.MIXED, wellbeing=3, concerns=DEBRIEF)
    draft = debriefs.start_debrief(laptop, session.id, fields)
    debriefs.submit(laptop, draft.id, fields)
    org.to_coordinator(org.robin)

    [line] = inbox.inbox(coordinator)
    record = inbox.open_record(coordinator, line.id)
    assert record.debrief is not None
    assert record.debrief.fields.concerns == DEBRIEF
    backup = backups.make_backup(coordinator, org.stick())
    change_passphrase(coordinator, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE, kdf=KdfParams())
    coordinator.close()
    rotate_data_key(coordinator.folder, NEW_PASSPHRASE)
    reopened = unlock_store(coordinator.folder, NEW_PASSPHRASE)
    try:
        again = inbox.open_record(reopened, line.id)
        assert again.debrief is not None
        assert again.debrief.fields.concerns == DEBRIEF
        laptop.close()
        request = write_recovery_request(laptop.folder, org.stick())
        answer = answer_recovery_request(reopened, request, org.stick())
    finally:
        reopened.close()
    recovered = recover_with_answer(
        laptop.folder, answer, RECOVERED_PASSPHRASE, RECOVERED_PASSPHRASE, kdf=KdfParams()
    )
    try:
        names = [row[0] for row in recovered.conn.execute("SELECT name FROM members")]
        assert PSEUDONYM in names  # the canaries are in the stores, just never in clear
    finally:
        recovered.close()
    try:
        unlock_store(laptop.folder, WRONG_PASSPHRASE)
    except WrongPassphrase:
        pass
    else:
        raise AssertionError("a wrong passphrase opened the store")

    written = {path.name for path in written_files.files()}
    # The scan covers what matters: both stores, their keys, bundles, the backup, the
    # recovery files, the unlock attempts, and the log.
    assert {"store.db", "keys.json", backup.name, request.name, answer.name} <= written
    assert any(name.endswith(".fabundle") for name in written)
    assert any(path.suffix == ".log" for path in written_files.log_folder.iterdir())
    assert [str(leak) for leak in written_files.leaks(*CANARIES)] == []
