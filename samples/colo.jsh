// colo4j in JShell. Open it from the repository root with the README's one-liner, then try:
//   spec                       the pair below, validated
//   spec.primaryArgv()         the primary's complete argv
//   spec.plan()                every QMP step of start and both failovers (a dry run)
//   spec.toBuilder().nic(ColoNic.builder().netdev("hn0").build()).build()   -> ColoValidationException
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import org.colo4j.*;
import org.colo4j.blockgraph.*;
import org.colo4j.netfilter.*;
import org.colo4j.qmp.*;
import org.colo4j.qmp.command.*;
import org.colo4j.qmp.event.*;

Path dir = Path.of("/var/lib/colo");

ColoPairSpec spec = ColoPairSpec.builder().
    primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build()).
    secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp"))).build()).
    disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2")).
          secondaryImage(dir.resolve("secondary-parent.qcow2")).activeImage(dir.resolve("secondary-active.qcow2")).
          hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(10L << 30).build()).
    nic(ColoNic.builder().netdev("hn0").build()).
    checkpointDelay(Duration.ofSeconds(2)).
    qemuVersion(ColoPairSpec.TESTED_QEMU).   // 7.2.22; leave it out to render for this host's qemu-system-x86_64
    build();

System.out.println("colo4j loaded: `spec` is COLO-FT.txt's pair on loopback. Try spec.plan() or spec.primaryArgv().");

// Feedback mode "colo": JShell 17's "normal" mode, except that no value is cut short (normal cuts
// expression values at 1000 characters and the rest at 80), so spec.plan(), argv and reports print
// whole. Written out in full because JShell defines its own modes only after loading this file, so
// `/set mode colo normal` cannot copy them here. jshell.sh selects it with --feedback colo; after
// `/open samples/colo.jsh` in a running JShell, `/set feedback colo` does.
/set mode colo -command
/set prompt colo "\njshell> " "   ...> "
/set format colo action "created" added-primary
/set format colo action "modified" modified-primary
/set format colo action "replaced" replaced-primary
/set format colo action "overwrote" overwrote-primary
/set format colo action "dropped" dropped-primary
/set format colo action "  update created" added-update
/set format colo action "  update modified" modified-update
/set format colo action "  update replaced" replaced-update
/set format colo action "  update overwrote" overwrote-update
/set format colo action "  update dropped" dropped-update
/set format colo display "{result}{pre}created scratch variable {name} : {type}{post}" expression-added,modified,replaced-primary
/set format colo display "{result}{pre}value of {name} : {type}{post}" varvalue-added,modified,replaced-primary
/set format colo display "{result}{pre}assigned to {name} : {type}{post}" assignment-primary
/set format colo display "{result}{pre}{action} variable {name} : {type}{resolve}{post}" varinit,vardecl
/set format colo display "{pre}{action} variable {name}{resolve}{post}" vardecl,varinit-notdefined
/set format colo display "{pre}{action} variable {name}{post}" dropped-vardecl,varinit,expression
/set format colo display "{pre}{action} {typeKind} {name}{resolve}{post}" class,interface,enum,annotation,record
/set format colo display "{pre}{action} method {name}({type}){resolve}{post}" method
/set format colo display "{pre}attempted to use {typeKind} {name}{resolve}{post}" used-class,interface,enum,annotation,record
/set format colo display "{pre}attempted to call method {name}({type}){resolve}{post}" used-method
/set format colo display "" added,modified,replaced,overwrote,dropped-update
/set format colo display "{pre}{action} variable {name}, reset to null{post}" replaced-vardecl,varinit-ok-update
/set format colo display "{pre}{action} variable {name}{resolve}{post}" replaced-vardecl,varinit-notdefined
/set format colo display "{result}" added,modified,replaced-expression,varvalue,assignment,varinit,vardecl-ok-primary
/set format colo err "%6$s"
/set format colo errorline "{post}{pre}    {err}"
/set format colo errorpost "%n"
/set format colo errorpre "|  "
/set format colo errors "%5$s"
/set format colo name "%1$s"
/set format colo post "%n"
/set format colo pre "|  "
/set format colo resolve "{until}{unrerr}" defined,notdefined-added,modified,replaced,used
/set format colo result "{name} ==> {value}{post}" added,modified,replaced-ok-primary
/set format colo type "%2$s"
/set format colo typeKind "class" class
/set format colo typeKind "interface" interface
/set format colo typeKind "enum" enum
/set format colo typeKind "annotation interface" annotation
/set format colo typeKind "record" record
/set format colo unrerr "{unresolved} is declared" unresolved1-error0
/set format colo unrerr "{unresolved} are declared" unresolved2-error0
/set format colo unrerr " this error is corrected: {errors}" unresolved0-error1
/set format colo unrerr "{unresolved} is declared and this error is corrected: {errors}" unresolved1-error1
/set format colo unrerr "{unresolved} are declared and this error is corrected: {errors}" unresolved2-error1
/set format colo unrerr " these errors are corrected: {errors}" unresolved0-error2
/set format colo unrerr "{unresolved} is declared and these errors are corrected: {errors}" unresolved1-error2
/set format colo unrerr "{unresolved} are declared and these errors are corrected: {errors}" unresolved2-error2
/set format colo unresolved "%4$s"
/set format colo until ", however, it cannot be instantiated or its methods invoked until" defined-class,record-primary
/set format colo until ", however, its methods cannot be invoked until" defined-interface-primary
/set format colo until ", however, it cannot be used until" defined-enum,annotation-primary
/set format colo until ", however, it cannot be invoked until" defined-method-primary
/set format colo until ", however, it cannot be referenced until" notdefined-primary
/set format colo until " which cannot be instantiated or its methods invoked until" defined-class,record-update
/set format colo until " whose methods cannot be invoked until" defined-interface-update
/set format colo until " which cannot be invoked until" defined-method-update
/set format colo until " which cannot be referenced until" notdefined-update
/set format colo value "%3$s"
/set truncation colo 100000
