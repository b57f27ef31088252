package dev.gitflags.distribution;

import dev.gitflags.server.FlagServer;
import dev.gitflags.server.GitRemote;
import dev.gitflags.server.ServerOptions;
import dev.gitflags.testing.GitDaemon;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/*.yaml: Kubernetes manifests that parse, agree with each other, and start gitflags as the CLI defines it;
 * the default Deployment fetches the config repo itself, deploy/sidecar/deployment.yaml keeps the git sidecar.
 */
class DeploymentManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path SIDECAR = DEPLOY.resolve("sidecar/deployment.yaml");
    private static final List<Map<String, Object>> DOCUMENTS = new ArrayList<>();
    private static Map<String, Object> sidecarDeployment;

    @BeforeAll
    static void parseEveryDocument() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DEPLOY)) {
            files = list.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "deploy/ holds no manifests");
        for (Path file : files) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (document == null) {
                    continue;
                }
                assertTrue(document instanceof Map, file + ": a document is not a mapping");
                Map<String, Object> manifest = map(document);
                assertNotNull(manifest.get("apiVersion"), file + ": no apiVersion");
                assertNotNull(manifest.get("kind"), file + ": no kind");
                manifest.put("__file", file.getFileName().toString());
                DOCUMENTS.add(manifest);
            }
        }
        sidecarDeployment = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(SIDECAR)));
        assertEquals("Deployment", sidecarDeployment.get("kind"), SIDECAR + " is a Deployment");
    }

    @Test
    void everyResourceHasANameAndTheKustomizationListsEveryFile() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (Map<String, Object> document : DOCUMENTS) {
            if (document.get("kind").equals("Kustomization")) {
                listed.addAll(strings(document.get("resources")));
            } else {
                assertNotNull(map(document.get("metadata")).get("name"), document.get("__file") + ": no metadata.name");
            }
        }
        Set<String> files;
        try (Stream<Path> list = Files.list(DEPLOY)) {
            files = list.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, listed);
    }

    @Test
    void theDeploymentRunsSeveralStatelessReadOnlyReplicasProbedOnHealth() {
        Map<String, Object> deployment = one("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertTrue(((Number) spec.get("replicas")).intValue() >= 2, "several replicas");
        Map<String, Object> gitflags = gitflagsContainer();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Map<String, Object> httpGet = map(map(gitflags.get(probe)).get("httpGet"));
            assertEquals("/health", httpGet.get("path"), probe);
            assertTrue(portNames(gitflags).contains(String.valueOf(httpGet.get("port")))
                    || containerPorts(gitflags).contains(String.valueOf(httpGet.get("port"))), probe + " port");
        }
        for (Map<String, Object> container : allContainers(one("Deployment"))) {
            Map<String, Object> security = map(container.get("securityContext"));
            assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"), container.get("name") + " root fs");
            assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"), container.get("name") + " escalation");
            assertNotNull(map(container.get("resources")).get("requests"), container.get("name") + " resources");
        }
        assertEquals(Boolean.TRUE, map(podSpec().get("securityContext")).get("runAsNonRoot"));
    }

    /**
     * The default layout: one container, which clones the ConfigMap's URL into its own writable emptyDir
     * ({@code --cache-dir}) and fetches it; no init container, no sidecar, nothing else writable.
     */
    @Test
    void gitflagsFetchesTheConfigRepoItselfIntoTheOnlyFolderItWrites() {
        assertTrue(maps(podSpec().get("initContainers")).isEmpty(), "no init container");
        assertEquals(1, maps(podSpec().get("containers")).size(), "no sidecar");
        List<String> args = strings(gitflagsContainer().get("args"));
        assertEquals("$(CONFIG_REPO_URL)", args.get(args.indexOf("--repo") + 1));
        Map<String, Object> url = maps(gitflagsContainer().get("env")).stream()
                .filter(e -> "CONFIG_REPO_URL".equals(e.get("name"))).findFirst()
                .orElseGet(() -> fail("CONFIG_REPO_URL is not in the container's environment"));
        String configMap = (String) map(map(url.get("valueFrom")).get("configMapKeyRef")).get("name");
        assertTrue(names("ConfigMap").contains(configMap), "ConfigMap " + configMap + " is in deploy/");
        String cache = args.get(args.indexOf("--cache-dir") + 1);
        Set<String> emptyDirs = maps(podSpec().get("volumes")).stream().filter(v -> v.containsKey("emptyDir"))
                .map(v -> (String) v.get("name")).collect(Collectors.toSet());
        for (Map<String, Object> mount : maps(gitflagsContainer().get("volumeMounts"))) {
            boolean writable = !Boolean.TRUE.equals(mount.get("readOnly"));
            if (cache.startsWith(mount.get("mountPath") + "/")) {
                assertTrue(writable && emptyDirs.contains(mount.get("name")), "the cache is a writable emptyDir");
            } else if (writable) {
                assertEquals("/tmp", mount.get("mountPath"), "nothing but the cache and /tmp is writable");
            }
        }
    }

    /**
     * The default pod's data flow with real parts: gitflags started with the manifest's arguments (the URL a
     * {@code git daemon} on 127.0.0.1, the cache in a temp folder), then a commit pushed to the remote — served.
     */
    @Test
    void whatIsPushedToTheRemoteIsServed(@TempDir Path dir) throws Exception {
        Path remotes = Files.createDirectories(dir.resolve("remotes"));
        try (TestRepo upstream = TestRepo.init(dir.resolve("work")).copyFrom(Path.of("example-repo"));
             GitDaemon daemon = GitDaemon.start(remotes)) {
            upstream.commit("flags");
            upstream.bareClone(remotes.resolve("config.git")).close();
            upstream.git("remote", "add", "origin", remotes.resolve("config.git").toString()).ok();
            List<String> args = strings(gitflagsContainer().get("args")).stream()
                    .map(arg -> arg.replace("$(CONFIG_REPO_URL)", daemon.url("config.git"))
                            .replace("$(CONFIG_REPO_BRANCH)", "main"))
                    .map(arg -> arg.startsWith("/cache/") ? dir.resolve(arg.substring(1)).toString() : arg)
                    .toList();
            ParseResult serve = CommandLines.parse("deploy/deployment.yaml", args);
            Path cache = serve.matchedOptionValue("--cache-dir", null);
            GitRemote remote = GitRemote.parse(serve.matchedOption("--repo").originalStringValues().get(0), cache,
                    null);
            ServerOptions options = ServerOptions.of(cache, null, 0, Duration.ofMillis(100))
                    .withRemote(remote, serve.matchedOptionValue("--ref", null));
            try (FlagServer server = FlagServer.start(options)) {
                String staging = "environments/staging.yaml";
                upstream.write(staging, Files.readString(dir.resolve("work").resolve(staging))
                        .replace("default_value: 3000", "default_value: 4000"));
                String second = upstream.commitOnly(staging, "more load").name();
                upstream.git("push", "origin", "main").ok();
                awaitServed(server, second);
                assertEquals(4000L, server.holder().current().snapshot().flag("staging", "api-rate-limit")
                        .orElseThrow().defaultValue());
            }
        }
    }

    private static void awaitServed(FlagServer server, String commit) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!commit.equals(server.holder().current().snapshot().commit()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertEquals(commit, server.holder().current().snapshot().commit(), "the fetched commit is served");
    }

    @Test
    void theSidecarLayoutClonesTheConfigRepoAndFetchesItIntoAVolumeGitflagsOnlyReads() {
        Map<String, Object> deployment = sidecarDeployment;
        List<Map<String, Object>> init = maps(podSpec(deployment).get("initContainers"));
        assertEquals(1, init.size());
        String clone = String.join(" ", strings(init.get(0).get("args")));
        assertTrue(clone.contains("git clone") && clone.contains("--bare"), clone);
        List<String> args = strings(gitflagsContainer(deployment).get("args"));
        String repo = args.get(args.indexOf("--repo") + 1);
        assertTrue(clone.endsWith(" " + repo), "gitflags serves what the init step cloned: " + clone);
        String fetch = maps(podSpec(deployment).get("containers")).stream().filter(c -> !"gitflags".equals(c.get("name")))
                .map(c -> String.join(" ", strings(c.get("args")))).filter(a -> a.contains("git -C " + repo + " fetch"))
                .findFirst().orElseGet(() -> fail("no sidecar fetches " + repo));
        assertTrue(fetch.contains("while true"), "the sidecar keeps fetching: " + fetch);

        Set<String> volumes = maps(podSpec(deployment).get("volumes")).stream().map(volume -> (String) volume.get("name"))
                .collect(Collectors.toSet());
        for (Map<String, Object> container : allContainers(deployment)) {
            for (Map<String, Object> mount : maps(container.get("volumeMounts"))) {
                assertTrue(volumes.contains(mount.get("name")), container.get("name") + " mounts " + mount.get("name"));
            }
            for (Map<String, Object> source : maps(container.get("envFrom"))) {
                String configMap = (String) map(source.get("configMapRef")).get("name");
                assertTrue(names("ConfigMap").contains(configMap), "ConfigMap " + configMap + " is in deploy/");
            }
        }
        Map<String, Object> mount = maps(gitflagsContainer(deployment).get("volumeMounts")).stream()
                .filter(m -> repo.startsWith(m.get("mountPath") + "/")).findFirst()
                .orElseGet(() -> fail("no volume mounted above " + repo));
        assertEquals(Boolean.TRUE, mount.get("readOnly"), "gitflags only reads the config");
    }

    /**
     * The sidecar pod's data flow with real parts: a bare single-branch clone, gitflags started with the manifest's
     * --repo/--ref, then a new commit fetched into the clone the way the sidecar does — and served.
     */
    @Test
    void whatTheSidecarFetchesIsServed(@TempDir Path dir) throws Exception {
        Map<String, Object> deployment = sidecarDeployment;
        Path origin = dir.resolve("origin");
        try (TestRepo upstream = TestRepo.init(origin).copyFrom(Path.of("example-repo"))) {
            upstream.commit("flags");

            List<String> args = strings(gitflagsContainer(deployment).get("args")).stream()
                    .map(arg -> arg.replace("$(CONFIG_REPO_BRANCH)", "main"))
                    .map(arg -> arg.startsWith("/git/") ? dir.resolve(arg.substring(1)).toString() : arg)
                    .toList();
            ParseResult serve = CommandLines.parse(SIDECAR.toString(), args);
            Path clone = serve.matchedOptionValue("--repo", Path.of("."));
            String ref = serve.matchedOptionValue("--ref", null);
            Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(clone.toFile()).setBare(true)
                    .setBranchesToClone(List.of("refs/heads/main")).setBranch("main").call().close();

            try (FlagServer server = FlagServer.start(ServerOptions.of(clone, ref, 0, Duration.ofMillis(100)));
                 Git bare = Git.open(clone.toFile())) {
                String first = server.holder().current().snapshot().commit();
                String staging = "environments/staging.yaml";
                upstream.write(staging, Files.readString(origin.resolve(staging))
                        .replace("default_value: 3000", "default_value: 4000"));
                String second = upstream.commitOnly(staging, "more load").name();
                assertFalse(first.equals(second));

                bare.fetch().setRemote("origin").setRefSpecs("+refs/heads/main:refs/heads/main").call();

                awaitServed(server, second);
                assertEquals(4000L, server.holder().current().snapshot().flag("staging", "api-rate-limit")
                        .orElseThrow().defaultValue());
            }
        }
    }

    /**
     * The kubelet probes the port that the container's GITFLAGS_PROBE_PORT opens, not the http port, and the
     * Service does not route to it: a real gitflags process with that environment answers /health there.
     */
    @Test
    void theProbesUseTheProbePortTheContainersEnvironmentOpens(@TempDir Path dir) throws Exception {
        Map<String, Object> gitflags = gitflagsContainer();
        String probePort = maps(gitflags.get("env")).stream().filter(e -> "GITFLAGS_PROBE_PORT".equals(e.get("name")))
                .map(e -> String.valueOf(e.get("value"))).findFirst().orElseGet(() -> fail("no GITFLAGS_PROBE_PORT"));
        Map<String, Object> declared = maps(gitflags.get("ports")).stream()
                .filter(p -> probePort.equals(String.valueOf(p.get("containerPort")))).findFirst()
                .orElseGet(() -> fail("the probe port " + probePort + " is not a container port"));
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            String port = String.valueOf(map(map(gitflags.get(probe)).get("httpGet")).get("port"));
            assertTrue(port.equals(probePort) || port.equals(declared.get("name")), probe + " probes " + port);
        }
        for (Map<String, Object> port : maps(map(one("Service").get("spec")).get("ports"))) {
            String target = String.valueOf(port.get("targetPort"));
            assertFalse(target.equals(probePort) || target.equals(declared.get("name")), "the Service exposes probes");
        }

        try (TestRepo repo = TestRepo.init(dir.resolve("repo")).copyFrom(Path.of("example-repo"))) {
            repo.commit("flags");
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.gitflags.cli.GitflagsCommand", "serve", "--repo", dir.resolve("repo").toString(), "--ref", "main",
                "--port", "0", "--host", "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile());
        builder.environment().put("GITFLAGS_PROBE_PORT", String.valueOf(free));
        Process serve = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + free + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            Instant deadline = Instant.now().plusSeconds(90);
            int status = 0;
            while (status != 200 && serve.isAlive() && Instant.now().isBefore(deadline)) {
                try {
                    status = client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, "GET /health on the probe port; the process said: "
                    + Files.readString(dir.resolve("serve.log")));
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    @Test
    void theContainerCommandIsARealServeCommandLine() {
        for (Map<String, Object> deployment : List.of(one("Deployment"), sidecarDeployment)) {
            Map<String, Object> gitflags = gitflagsContainer(deployment);
            List<String> args = strings(gitflags.get("args"));
            ParseResult serve = CommandLines.parse("deploy/deployment.yaml", args);
            assertEquals("serve", serve.commandSpec().name());
            String port = String.valueOf((Object) serve.matchedOptionValue("--port", 8080));
            assertTrue(containerPorts(gitflags).contains(port), "the container port is the --port served");
        }
    }

    @Test
    void theServiceSelectsTheDeploymentsPodsOnTheirHttpPort() {
        Map<String, Object> service = one("Service");
        Map<String, Object> selector = map(map(service.get("spec")).get("selector"));
        Map<String, Object> podLabels = map(map(map(map(one("Deployment").get("spec")).get("template"))
                .get("metadata")).get("labels"));
        Map<String, Object> matchLabels = map(map(map(one("Deployment").get("spec")).get("selector")).get("matchLabels"));
        assertFalse(selector.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "Service selects the pods: " + selector);
        assertTrue(podLabels.entrySet().containsAll(matchLabels.entrySet()), "Deployment selects its own pods");
        for (Map<String, Object> port : maps(map(service.get("spec")).get("ports"))) {
            String target = String.valueOf(port.get("targetPort"));
            assertTrue(portNames(gitflagsContainer()).contains(target) || containerPorts(gitflagsContainer()).contains(target),
                    "targetPort " + target + " is a port of the gitflags container");
        }
        Map<String, Object> budget = map(map(one("PodDisruptionBudget").get("spec")).get("selector"));
        assertTrue(podLabels.entrySet().containsAll(map(budget.get("matchLabels")).entrySet()));
    }

    private static Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = DOCUMENTS.stream().filter(d -> d.get("kind").equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind + " in deploy/");
        return found.get(0);
    }

    private static Set<String> names(String kind) {
        return DOCUMENTS.stream().filter(d -> d.get("kind").equals(kind))
                .map(d -> (String) map(d.get("metadata")).get("name")).collect(Collectors.toSet());
    }

    private static Map<String, Object> podSpec() {
        return podSpec(one("Deployment"));
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    private static List<Map<String, Object>> allContainers(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = new ArrayList<>(maps(podSpec(deployment).get("initContainers")));
        containers.addAll(maps(podSpec(deployment).get("containers")));
        return containers;
    }

    private static Map<String, Object> gitflagsContainer() {
        return gitflagsContainer(one("Deployment"));
    }

    private static Map<String, Object> gitflagsContainer(Map<String, Object> deployment) {
        return maps(podSpec(deployment).get("containers")).stream().filter(c -> "gitflags".equals(c.get("name")))
                .findFirst().orElseGet(() -> fail("no container named gitflags"));
    }

    private static Set<String> portNames(Map<String, Object> container) {
        return maps(container.get("ports")).stream().map(p -> String.valueOf(p.get("name"))).collect(Collectors.toSet());
    }

    private static Set<String> containerPorts(Map<String, Object> container) {
        return maps(container.get("ports")).stream().map(p -> String.valueOf(p.get("containerPort")))
                .collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    static List<String> strings(Object value) {
        return value == null ? List.of() : ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
