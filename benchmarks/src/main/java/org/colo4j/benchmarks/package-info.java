/**
 * colo4j's benchmarks ({@code mvn -q -Pbench -DskipTests verify}): colo4j measured next to a minimal raw
 * QMP client on QEMUs the benchmark starts itself, written to BENCHMARKS.md. Not published.
 */
package org.colo4j.benchmarks;
