package org.colo4j.ha;

import java.util.Objects;

/** What an {@link ArbiterListener} hears. */
public sealed interface ArbiterEvent {

    /** The pair moved to {@code epoch} (a member won a claim). */
    record EpochChanged(Epoch epoch) implements ArbiterEvent {
        public EpochChanged {
            Objects.requireNonNull(epoch, "epoch");
        }
    }

    /** {@code member} joined the arbitration. */
    record MemberJoined(String member) implements ArbiterEvent {
        public MemberJoined {
            Objects.requireNonNull(member, "member");
        }
    }

    /** {@code member}'s session ended: it left, or its session expired. */
    record MemberLeft(String member) implements ArbiterEvent {
        public MemberLeft {
            Objects.requireNonNull(member, "member");
        }
    }

    /** A replacement secondary was announced for failback. */
    record ReplacementAnnounced(Replacement replacement) implements ArbiterEvent {
        public ReplacementAnnounced {
            Objects.requireNonNull(replacement, "replacement");
        }
    }

    /**
     * This listener's own session is lost (expired, or the arbiter went away for longer than the
     * session may last): another member may win the next epoch at any moment, so the guard fences
     * its nodes at once.
     */
    record SessionLost(String why) implements ArbiterEvent {
        public SessionLost {
            Objects.requireNonNull(why, "why");
        }
    }
}
