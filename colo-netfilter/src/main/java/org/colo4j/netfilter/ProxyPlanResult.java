package org.colo4j.netfilter;

import java.util.List;

/**
 * What {@link ProxyPlan#run} did.
 *
 * @param executed the steps QEMU accepted, in order
 * @param alreadyDone the teardown steps whose target was already gone (QEMU said "not found"), in order
 */
public record ProxyPlanResult(List<ProxyStep> executed, List<ProxyStep> alreadyDone) {

    public ProxyPlanResult {
        executed = List.copyOf(executed);
        alreadyDone = List.copyOf(alreadyDone);
    }

    @Override
    public String toString() {
        return executed.size() + " executed, " + alreadyDone.size() + " already done"
                + (alreadyDone.isEmpty() ? "" : " " + alreadyDone.stream().map(ProxyStep::target).toList());
    }
}
