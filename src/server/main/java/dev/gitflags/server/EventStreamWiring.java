package dev.gitflags.server;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

/**
 * Puts the {@link EventStreams} handler into every HTTP/1 connection's pipeline, right after the HTTP codec and so
 * ahead of Micronaut's routing: Micronaut's documented way to customize its Netty pipeline.
 */
@Singleton
final class EventStreamWiring implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final String NAME = "gitflags-event-streams";

    private final BeanProvider<EventStreams> streams;

    EventStreamWiring(BeanProvider<EventStreams> streams) {
        this.streams = streams;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Unbound for the listener, bound to one connection's channel once Micronaut specializes it. */
    private final class Customizer implements NettyServerCustomizer {

        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel connection, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(connection) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(NAME) == null
                    && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME,
                        streams.get().handler());
            }
        }
    }
}
