package dev.gitflags.internal.flagd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;

/** flagd's own flags.json and targeting.json, as its Java provider jar bundles them (flagd/schemas/). */
final class FlagdSchemas {

    private static final Schema FLAGS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                    builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix("https://flagd.dev/schema/v0/",
                            "classpath:flagd/schemas/")))
            .getSchema(com.networknt.schema.SchemaLocation.of("https://flagd.dev/schema/v0/flags.json"));

    private FlagdSchemas() {
    }

    /** The schema errors of a flagd document; none when it is valid. */
    static List<Error> errors(Object document) {
        return FLAGS.validate(new ObjectMapper().valueToTree(document));
    }
}
