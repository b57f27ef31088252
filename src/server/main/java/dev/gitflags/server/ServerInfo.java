package dev.gitflags.server;

/**
 * Facts about this server process that responses mention: what it serves ({@code source}) and an id of this
 * process ({@code instance}) so that ETags of process-local state never match another process's.
 */
public record ServerInfo(String source, String instance) {
}
