namespace Gepa.Cli.Commands;

/// <summary>The commented configuration <c>gepa init</c> writes.</summary>
internal static class StarterConfig
{
    /// <summary>Gets the text.</summary>
    public const string Text = """
        # gepa configuration. Every key is documented in docs/configuration.md.
        # Run: gepa optimize gepa.yaml        Override any key: --set engine.max-metric-calls=500

        # The model that runs your prompt on each example.
        task-model:
          provider: openai              # openai | openai-compatible | azure-openai | anthropic | ollama | rule-world
          model: gpt-4.1-mini
          api-key-env: OPENAI_API_KEY   # the NAME of the variable holding the key; never put the key itself here
          temperature: 0
          max-output-tokens: 512
          # base-url: http://localhost:11434/v1   # required for openai-compatible (Ollama, vLLM, llama.cpp, LM Studio)
          # max-concurrency: 4                    # calls in flight at once, shared by roles using the same model
          # timeout: 120s
          # retries: 3                            # on 429, 5xx, timeouts; Retry-After is honoured
          # price: {input-per-million: 0.40, output-per-million: 1.60}   # enables cost reporting

        # The model that reads failures and rewrites the prompt. A stronger model helps.
        reflection-model:
          provider: openai
          model: gpt-4.1
          api-key-env: OPENAI_API_KEY
          max-output-tokens: 4096

        # Examples: JSONL (one object per line), a JSON array, or CSV with a header row.
        dataset:
          train: data/train.jsonl       # paths are relative to this file
          val: data/val.jsonl
          # test: data/test.jsonl       # for: gepa evaluate gepa.yaml --candidate runs/<run>/best_candidate.json --split test
          # file: data/all.jsonl        # or one file, split with dataset.split.{seed,train,val,test}
          fields:
            input: input                # the field with the task input
            answer: answer              # the field with the expected answer

        metric:
          name: contains                # contains | exact | regex | numeric | f1 | json-field | llm-judge
          # parameters: {tolerance: 0.01}

        # The text GEPA starts from and evolves; add more components for multi-part prompts.
        seed-candidate:
          system_prompt: |
            You are a helpful assistant. Answer the question concisely.
          # system_prompt: {file: prompts/system.txt}

        engine:
          max-metric-calls: 300         # the budget, in rollouts (one prompt run on one example)
          minibatch-size: 3             # used by budget.policy: fixed (adaptive sizes its own, budget.focus.*)
          seed: 0
          # candidate-selection: pareto # pareto | current-best | epsilon-greedy | top-k-pareto
          # merge: {enabled: false}
          # stop: {timeout: 1h, no-improvement: 10, score-threshold: 0.95}

        # How the rollouts are spent. adaptive races new candidates on part of the validation set, picks the component
        # to rewrite by a bandit and focuses minibatches on what the parent gets wrong; fixed is the reference's
        # allocation (GEPA 0.1.4's decisions). See docs/adaptive-budget.md.
        budget:
          policy: adaptive              # adaptive | fixed

        # output:
        #   directory: runs/my-run      # default: runs/<UTC time>
        # response-cache: .gepa-cache   # never pay twice for an identical request

        """;
}
