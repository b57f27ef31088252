package dev.gitflags.internal.load;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A text written many times in a file is held once by the snapshot: what keeps a long-lived one small. */
class SharedScalarsTest {

    @TempDir
    Path dir;

    @Test
    void aTextRepeatedInAFileIsOneStringInTheSnapshot() {
        TestFiles.write(dir, Map.of(
                "gitflags.yaml", "default_environment: production\n",
                "environments/production.yaml", "name: Production\n",
                "flags/web.yaml", """
                        flags:
                          one:
                            type: string
                            default_value: control
                            tags: [web, checkout]
                          two:
                            type: string
                            default_value: "control"
                            tags: [web]
                        """));
        Snapshot snapshot = new Loader().load(new WorkingTreeSource(dir)).snapshot();
        Flag one = snapshot.flags().get("one");
        Flag two = snapshot.flags().get("two");
        assertEquals("web", one.tags().get(0));
        assertSame(one.tags().get(0), two.tags().get(0), "tags");
        assertSame(one.defaultValue(), two.defaultValue(), "a plain and a quoted scalar of the same text");
    }
}
