using Gepa.Tests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Gepa.SemanticKernel.Tests;

public sealed class GepaKernelFilterTests
{
    private const string SeedTemplate = "Say hello to {{$name}}.";

    private static (Kernel Kernel, KernelFunction Function, FakeChatClient Model) Build()
    {
        var model = new FakeChatClient((messages, _, _) => Task.FromResult(FakeChatClient.Response("reply to: " + messages[^1].Text)));
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IChatCompletionService>(model.AsChatCompletionService());
        var kernel = builder.Build().UseGepa();
        var function = kernel.CreateFunctionFromPrompt(SeedTemplate, functionName: "greet");
        kernel.Plugins.AddFromFunctions("Greeter", [function]);
        return (kernel, kernel.Plugins["Greeter"]["greet"], model);
    }

    /// <summary>A program whose only step is a Semantic Kernel function the user did not change.</summary>
    private sealed class GreeterProgram : LmProgram<string, string>
    {
        private readonly Kernel _kernel;
        private readonly KernelFunction _function;

        public GreeterProgram(Kernel kernel, KernelFunction function)
        {
            (_kernel, _function) = (kernel, function);
            AddExternalStep(GepaKernelFilter.ComponentName(function), SeedTemplate);
        }

        protected override async Task<string> RunAsync(string example, StepContext context, CancellationToken cancellationToken) =>
            (await _kernel.InvokeAsync(_function, new KernelArguments { ["name"] = example }, cancellationToken)).ToString();
    }

    [Fact]
    public void ComponentName_PluginFunction_IsPluginDashFunction()
    {
        var (_, function, _) = Build();

        Assert.Equal("Greeter-greet", GepaKernelFilter.ComponentName(function));
    }

    [Fact]
    public async Task InvokeAsync_InsideARollout_RendersTheCandidatesTemplateAndRecordsTheCall()
    {
        var (kernel, function, model) = Build();
        var context = new StepContext(Candidate.FromText("Greeter-greet", "Greet {{$name}} warmly."), new ProgramTrace());

        string reply;
        using (GepaTrace.Use(context))
        {
            reply = (await kernel.InvokeAsync(function, new KernelArguments { ["name"] = "Ada" }, TestContext.Current.CancellationToken)).ToString();
        }

        Assert.Equal("reply to: Greet Ada warmly.", reply);
        var call = Assert.Single(context.Trace.CallsOf("Greeter-greet"));
        Assert.Equal("Greet {{$name}} warmly.", call.Instruction);
        Assert.Equal([new KeyValuePair<string, string>("name", "Ada")], call.Inputs);
        Assert.Equal(reply, call.RawText);
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task InvokeAsync_OutsideARollout_UsesTheFunctionsOwnTemplate()
    {
        var (kernel, function, _) = Build();

        var reply = (await kernel.InvokeAsync(function, new KernelArguments { ["name"] = "Ada" }, TestContext.Current.CancellationToken)).ToString();

        Assert.Equal("reply to: Say hello to Ada.", reply);
    }

    [Fact]
    public async Task ProgramAdapter_KernelFunctionStep_IsOptimizableWithRecordsPerExample()
    {
        var (kernel, function, _) = Build();
        var program = new GreeterProgram(kernel, function);
        Assert.Equal(SeedTemplate, program.SeedCandidate()["Greeter-greet"]);
        var candidate = program.SeedCandidate().With("Greeter-greet", "Wave at {{$name}}.");
        var adapter = program.ToAdapter((example, output, trace, m) => ProgramScore.Of(output.Contains(example, StringComparison.Ordinal) ? 1 : 0, "greet by name"));

        var eval = await adapter.EvaluateAsync(["Ada", "Bo"], candidate, captureTraces: true, TestContext.Current.CancellationToken);
        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, ["Ada", "Bo"], eval, ["Greeter-greet"], TestContext.Current.CancellationToken);

        Assert.Equal([1.0, 1.0], eval.Scores);
        Assert.Equal(["reply to: Wave at Ada.", "reply to: Wave at Bo."], eval.Outputs);
        Assert.Equal(["reply to: Wave at Ada.", "reply to: Wave at Bo."], dataset.RecordsFor("Greeter-greet").Select(r => r["Generated Outputs"].Text));
    }
}
