package io.github.ecrsweep.registry.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
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
 * clients are synchronous).
 */
final class OperationLimits implements RetryStrategy {

    private final Supplier<RetryStrategy> strategies;
    private final RetryStrategy template;
    private final double maxRate;
    private final Map<String, RetryStrategy> byOperation = new ConcurrentHashMap<>();
    private final Map<String, Pace> paces = new ConcurrentHashMap<>();
    private final ThreadLocal<String> current = new ThreadLocal<>();

    /** {@code strategies} makes one operation's strategy; {@code maxRate}: calls per second per operation, 0 for none. */
    OperationLimits(Supplier<RetryStrategy> strategies, double maxRate) {
        this.strategies = strategies;
        this.template = strategies.get();
        this.maxRate = maxRate;
    }

    /** Tells the strategy which operation a call is, and waits for the operation's pace, before the call. */
    ExecutionInterceptor interceptor() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                current.set(operation);
                if (maxRate > 0 && operation != null) {
                    paces.computeIfAbsent(operation, op -> new Pace(maxRate)).await();
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                current.remove();
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                current.remove();
            }
        };
    }

    /** The strategy of this operation: its own limiter. */
    RetryStrategy of(String operation) {
        return byOperation.computeIfAbsent(operation == null ? "" : operation, op -> strategies.get());
    }

    /** A token of one operation's strategy, with the strategy it came from. */
    private record Token(RetryStrategy strategy, RetryToken inner) implements RetryToken {}

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        RetryStrategy strategy = of(current.get());
        AcquireInitialTokenResponse response = strategy.acquireInitialToken(request);
        return AcquireInitialTokenResponse.create(new Token(strategy, response.token()), response.delay());
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        Token token = (Token) request.token();
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
