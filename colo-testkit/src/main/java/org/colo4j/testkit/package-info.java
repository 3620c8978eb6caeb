/**
 * colo4j's test kit: fakes for unit tests of COLO high-availability logic that run without QEMU.
 *
 * <ul>
 *   <li>{@link org.colo4j.testkit.FakeQmpServer}: an in-process QMP server on a real socket (unix
 *       socket in a temporary directory, or TCP on 127.0.0.1) that greets like QEMU, answers
 *       scripted exchanges ({@link org.colo4j.testkit.QmpExchange}, {@link org.colo4j.testkit.QmpReply}),
 *       pushes events, replays recorded transcripts ({@link org.colo4j.testkit.QmpTranscript}),
 *       records every command ({@link org.colo4j.testkit.ReceivedCommand}) and injects faults
 *       (closed connection, garbage, delayed or missing reply, slow greeting).</li>
 *   <li>{@link org.colo4j.testkit.FakeColoNode}: a fake QEMU (7.2.22 by default, or another
 *       release, answering as that release does) that models the COLO state a real one reports (run state, {@code query-colo-status}, migration status, block nodes, exports,
 *       objects, chardevs, events) and rejects what a real one rejects, with QEMU's error class and
 *       message. Two nodes can be paired so that migration, checkpoints, replicated writes and
 *       failover affect both, as on a real pair.</li>
 *   <li>{@link org.colo4j.testkit.FakeColoPair}: both nodes of a {@link org.colo4j.ColoPairSpec}
 *       as fakes, holding what the spec's argvs would start and listening at its QMP endpoints, so
 *       colo4j's own preflight, start, failovers and resume run against them unchanged.</li>
 *   <li>{@link org.colo4j.testkit.FakeColoExtension} with {@link org.colo4j.testkit.FakeNode}:
 *       a JUnit 5 extension that injects started fake nodes, built from one spec per test, and that
 *       spec into test methods and closes them after each test.</li>
 * </ul>
 *
 * <p>Every wait has a deadline and every fake closes its sockets and threads on {@code close()}.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package org.colo4j.testkit;
