package io.github.ecrsweep.registry.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;

/**
 * A client's retry strategy and pace, per operation. ECR's rate quotas are per operation (and per account and
 * region), but a client's retry strategy is one for every call of the client: its retry quota (and, for the
 * adaptive strategy, its rate limiter) would let throttled BatchDeleteImage calls slow or stop every
 * DescribeImages of every worker too. This strategy gives each operation its own strategy (its own retry quota),
 * built when the operation is first called, and, with --max-rate, its own {@link Pace}. The operation is known from the call's execution
 * attributes, which {@link #interceptor()} reads before the call's first attempt, on the calling thread (the
 * clients are synchronous). Each operation also has its own {@link CallWindow}: the calls in flight grow while
 * nothing is throttled and the latency holds, and shrink with the share of calls throttled.
 */
final class OperationLimits implements RetryStrategy {

    private final Supplier<RetryStrategy> strategies;
    private final RetryStrategy template;
    private final double maxRate;
    private final Map<String, RetryStrategy> byOperation = new ConcurrentHashMap<>();
    private final Map<String, Pace> paces = new ConcurrentHashMap<>();
    private final Map<String, CallWindow> windows = new ConcurrentHashMap<>();
    private final ThreadLocal<Call> current = new ThreadLocal<>();

    private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("ecrsweep.attemptSent");
    private static final ExecutionAttribute<Long> WIRE = new ExecutionAttribute<>("ecrsweep.attemptOnTheWire");

    /** The call a thread is making: its operation, the operation's window, and whether it holds a place in it. */
    private static final class Call {
        private final String operation;
        private final CallWindow window;
        private boolean held;

        /** The number the window gave the latest attempt. */
        private long attempt;

        Call(String operation, CallWindow window) {
            this.operation = operation;
            this.window = window;
        }

        /** Waits for a place for the next attempt. */
        void take() {
            if (held) {
                return;
            }
            try {
                attempt = window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AbortedException.create("interrupted while waiting to call " + operation, e);
            }
            held = true;
        }

        /** Gives the attempt's place back, if it holds one. */
        void giveBack() {
            if (held) {
                held = false;
                window.release();
            }
        }
    }

    /** {@code strategies} makes one operation's strategy; {@code maxRate}: calls per second per operation, 0 for none. */
    OperationLimits(Supplier<RetryStrategy> strategies, double maxRate) {
        this.strategies = strategies;
        this.template = strategies.get();
        this.maxRate = maxRate;
    }

    /**
     * Tells the strategy which operation a call is and waits for the operation's pace before the call; before each
     * attempt waits for a place in the operation's {@link CallWindow}, and gives it back when the attempt's answer
     * is read (or the attempt failed): a call waiting out its back-off after throttling holds no place.
     */
    ExecutionInterceptor interceptor() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                if (maxRate > 0 && operation != null) {
                    paces.computeIfAbsent(operation, op -> new Pace(maxRate)).await();
                }
                current.set(new Call(operation, window(operation)));
            }

            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                Call call = current.get();
                if (call != null) {
                    call.take();
                }
                attributes.putAttribute(SENT, System.nanoTime());
            }

            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                Long sent = attributes.getAttribute(SENT);
                if (sent != null) {
                    attributes.putAttribute(WIRE, System.nanoTime() - sent);
                }
                Call call = current.get();
                if (call != null) {
                    call.giveBack();
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                Call call = current.get();
                current.remove();
                if (call != null) {
                    call.giveBack();
                    Long wire = attributes.getAttribute(WIRE);
                    if (wire != null) {
                        call.window.answered(call.attempt, wire);
                    }
                }
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                Call call = current.get();
                current.remove();
                if (call != null) {
                    // A throttled last attempt was counted when the strategy was asked for another one.
                    call.giveBack();
                }
            }
        };
    }

    /** The window of calls in flight of this operation. */
    CallWindow window(String operation) {
        return windows.computeIfAbsent(operation == null ? "" : operation, op -> new CallWindow());
    }

    /** Whether a failure is the service's throttling, by the SDK's own classification. */
    private static boolean throttling(Throwable failure) {
        return failure instanceof SdkServiceException e && e.isThrottlingException();
    }

    /** The strategy of this operation: its own limiter. */
    RetryStrategy of(String operation) {
        return byOperation.computeIfAbsent(operation == null ? "" : operation, op -> strategies.get());
    }

    /** A token of one operation's strategy, with the strategy it came from. */
    private record Token(RetryStrategy strategy, RetryToken inner) implements RetryToken {}

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        Call call = current.get();
        RetryStrategy strategy = of(call == null ? null : call.operation);
        AcquireInitialTokenResponse response = strategy.acquireInitialToken(request);
        return AcquireInitialTokenResponse.create(new Token(strategy, response.token()), response.delay());
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        Token token = (Token) request.token();
        Call call = current.get();
        if (call != null) {
            // The failed attempt's place, if its answer was never read (a broken connection), given back before
            // the back-off.
            call.giveBack();
            if (throttling(request.failure())) {
                call.window.throttled(call.attempt);
            }
        }
        RefreshRetryTokenResponse response = token.strategy()
                .refreshRetryToken(request.toBuilder().token(token.inner()).build());
        return RefreshRetryTokenResponse.create(new Token(token.strategy(), response.token()), response.delay());
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        Token token = (Token) request.token();
        RecordSuccessResponse response = token.strategy().recordSuccess(RecordSuccessRequest.create(token.inner()));
        return RecordSuccessResponse.create(new Token(token.strategy(), response.token()));
    }

    @Override
    public int maxAttempts() {
        return template.maxAttempts();
    }

    /** Configured whole here: the client adds nothing of its own. */
    @Override
    public boolean useClientDefaults() {
        return false;
    }

    /** A builder of one operation's strategy; the per-operation split is this class, not a builder setting. */
    @Override
    public Builder<?, ?> toBuilder() {
        return template.toBuilder();
    }
}
