package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Problem;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/** A real source that notes which files the loader read: what a scoped or incremental load must leave alone. */
final class RecordingSource implements ConfigSource {

    private final ConfigSource source;
    private final Set<String> read = new ConcurrentSkipListSet<>();

    RecordingSource(ConfigSource source) {
        this.source = source;
    }

    /** The paths read so far, sorted. */
    Set<String> read() {
        return new TreeSet<>(read);
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public String commit() {
        return source.commit();
    }

    @Override
    public List<String> files() throws IOException {
        return source.files();
    }

    @Override
    public List<Problem> problems() throws IOException {
        return source.problems();
    }

    @Override
    public long size(String path) throws IOException {
        return source.size(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        read.add(path);
        return source.read(path);
    }

    @Override
    public ObjectId blobId(String path) throws IOException {
        return source.blobId(path);
    }

    @Override
    public void close() {
        source.close();
    }
}
