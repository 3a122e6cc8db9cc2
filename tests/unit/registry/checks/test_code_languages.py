"""Training code beyond PyTorch: C/C++/CUDA, Rust, Julia and JAX, and what never counts.

Every file text below is a short rewrite in the style of a real repository (llm.c, libtorch's
examples, candle, burn, Flux, EasyLM, llama.cpp), written for these tests, not copied.
"""

from __future__ import annotations

import pytest

from registry.checks.code import CodeChecker
from registry.checks.code.choosing import choose_paths
from registry.checks.code.contents import training_shown
from registry.checks.code.signals import Family, assess
from registry.model import Verdict
from tests.unit.registry.checks.checks_fakes import MIT_TEXT, NOW, FakeGit, fake_clients, repo

ENTRY, LOOP = Family.ENTRYPOINT, Family.TRAINING_LOOP
URL = "https://git.example/lab/gpt2-in-c"

# --- training code -----------------------------------------------------------------
LLMC_C = """// GPT-2 training loop on the CPU
int main(void) {
    GPT2 model;
    gpt2_build_from_checkpoint(&model, "gpt2_124M.bin");
    DataLoader train_loader;
    dataloader_init(&train_loader, "tiny_shakespeare_train.bin", B, T, 0, 1, 1);
    for (int step = 0; step <= 40; step++) {
        dataloader_next_batch(&train_loader);
        gpt2_forward(&model, train_loader.inputs, train_loader.targets, B, T);
        gpt2_zero_grad(&model);
        gpt2_backward(&model);
        gpt2_update(&model, 1e-4f, 0.9f, 0.999f, 1e-8f, 0.0f, step + 1);
        printf("step %d: train loss %f\\n", step, model.mean_loss);
    }
    gpt2_free(&model);
    return 0;
}
"""
LLMC_CU = """#include "llmc/adamw.cuh"
#include "llmc/zero.cuh"
int main(int argc, char *argv[]) {
    multi_gpu_config = multi_gpu_config_init(num_processes, process_rank, gpus_per_node);
    for (int step = 0; step <= train_num_batches; step++) {
        for (int micro_step = 0; micro_step < grad_accum_steps; micro_step++) {
            dataloader_next_batch(&train_loader);
            gpt2_forward(&model, train_loader.inputs, B, T);
            gpt2_backward_and_reduce(&model, train_loader.inputs, train_loader.targets,
                                     grad_accum_steps, micro_step);
        }
        float step_learning_rate = get_learning_rate(&lr_scheduler, step);
        gpt2_update(&model, step_learning_rate, 0.9f, 0.95f, 1e-8f, weight_decay, 1.0f,
                    step + 1, &multi_gpu_config);
        printf0("step %4d/%d | loss %7.6f\\n", step + 1, train_num_batches, model.mean_loss);
    }
}
"""
LIBTORCH = """auto model = std::make_shared<Net>();
torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(3e-4));
for (size_t epoch = 1; epoch <= kNumberOfEpochs; ++epoch) {
    for (auto& batch : *data_loader) {
        optimizer.zero_grad();
        torch::Tensor loss = torch::nll_loss(model->forward(batch.data), batch.target);
        loss.backward();
        optimizer.step();
    }
}
"""
CANDLE = """fn training_loop(m: Dataset, args: &TrainingArgs) -> anyhow::Result<()> {
    let varmap = VarMap::new();
    let vs = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
    let model = Mlp::new(vs)?;
    let mut sgd = candle_nn::SGD::new(varmap.all_vars(), args.learning_rate)?;
    for epoch in 1..args.epochs {
        let logits = model.forward(&train_images)?;
        let log_sm = ops::log_softmax(&logits, D::Minus1)?;
        let loss = loss::nll(&log_sm, &train_labels)?;
        sgd.backward_step(&loss)?;
    }
    Ok(())
}
"""
BURN = """pub fn train<B: AutodiffBackend>(config: TrainingConfig, device: B::Device) {
    let learner = LearnerBuilder::new(ARTIFACT_DIR)
        .metric_train_numeric(LossMetric::new())
        .num_epochs(config.num_epochs)
        .build(config.model.init::<B>(&device), config.optimizer.init(), config.learning_rate);
    let trained = learner.fit(dataloader_train, dataloader_test);
}
"""
FLUX = """using Flux
model = Chain(Dense(784 => 256, relu), Dense(256 => 10))
opt_state = Flux.setup(Adam(3e-4), model)
for epoch in 1:10
    for (x, y) in loader
        grads = Flux.gradient(m -> Flux.logitcrossentropy(m(x), y), model)
        Flux.update!(opt_state, model, grads[1])
    end
end
"""
EASYLM = """import jax
import optax
from flax.training import train_state
from jax.experimental.pjit import pjit


def train_step(state, batch):
    def loss_and_accuracy(params):
        logits = state.apply_fn(params, batch["input_tokens"]).logits
        return cross_entropy_loss_and_accuracy(logits, batch["target_tokens"])

    (loss, accuracy), grads = jax.value_and_grad(loss_and_accuracy, has_aux=True)(state.params)
    return state.apply_gradients(grads=grads), loss


sharded_train_step = pjit(train_step, in_shardings=(state_shapes, PS()), out_shardings=(state_shapes, PS()))
tx = optax.adamw(learning_rate=3e-4, weight_decay=0.1)
state = train_state.TrainState.create(apply_fn=model.apply, params=params, tx=tx)
for step in range(total_steps):
    state, loss = sharded_train_step(state, next(dataset))
"""
OPTAX = """from jax import value_and_grad
import optax

optimizer = optax.adamw(1e-3)
opt_state = optimizer.init(params)
for step in range(1000):
    loss, grads = value_and_grad(loss_fn)(params, next(batches))
    updates, opt_state = optimizer.update(grads, opt_state, params)
    params = optax.apply_updates(params, updates)
"""

PRETRAIN_SH = """#! /bin/bash
# pretrain a 7B model on a TPU pod
python -m lab.models.llama_train \\
    --total_steps=250000 \\
    --optimizer.adamw_optimizer.lr=3e-4 \\
|& tee $HOME/output.txt
"""

# --- not training code -------------------------------------------------------------
LLAMA_MAIN = """// load a model and sample n_predict tokens
int main(int argc, char ** argv) {
    llama_model * model = llama_load_model_from_file(params.model.c_str(), mparams);
    llama_context * ctx = llama_new_context_with_model(model, cparams);
    for (int i = 0; i < n_predict; i++) {
        llama_decode(ctx, batch);
        llama_token id = llama_sampler_sample(smpl, ctx, -1);
        printf("%s", llama_token_to_piece(ctx, id).c_str());
    }
    llama_free(ctx);
}
"""
KERNELS = """// kernels used by the backward pass and the AdamW update
__global__ void adamw_kernel(float* params, float* grads, float* m, float* v, long n,
                             float lr, float beta1, float beta2, int t) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    m[i] = beta1 * m[i] + (1.0f - beta1) * grads[i];
}
void matmul_backward(float* dinp, float* dweight, const float* dout, int B, int T, int C) {
    for (int b = 0; b < B; b++) { dinp[b] += dout[b] * dweight[b]; }
}
void crossentropy_loss(float* losses, const float* probs, const int* targets, int BT) {
    for (int i = 0; i < BT; i++) { losses[i] = -logf(probs[i * V + targets[i]]); }
}
"""
TOKENIZER = """// byte-pair encoding: learn merges from a corpus
int main(int argc, char **argv) {
    load_corpus(argv[1], &corpus);
    for (int merge = 0; merge < num_merges; merge++) {
        Pair best = most_frequent_pair(&corpus);
        apply_merge(&corpus, best, 256 + merge);
        update_pair_counts(&corpus, best);
    }
    write_vocab("tokenizer.bin", &corpus);
}
"""
COMMENTED = """/* A training loop would call gpt2_backward(&model) then gpt2_update(&model, lr)
   for (int step = 0; step < 40; step++), printing the loss. Not written yet. */
int main(void) { return 0; }
"""
CANDLE_GENERATE = """fn main() -> anyhow::Result<()> {
    let model = Llama::load(vb, &config)?;
    let mut logits_processor = LogitsProcessor::new(args.seed, args.temperature, args.top_p);
    for index in 0..args.sample_len {
        let logits = model.forward(&input, index_pos)?;
        let next_token = logits_processor.sample(&logits)?;
        tokens.push(next_token);
    }
    Ok(())
}
"""
FLUX_PREDICT = """using Flux, BSON
BSON.@load "model.bson" model
for x in inputs
    println(argmax(model(x)))
end
"""
JAX_SAMPLE = """import jax
params = load_checkpoint("ckpt")
generate = jax.jit(lambda p, x: model.apply(p, x))
for step in range(max_new_tokens):
    logits = generate(params, tokens)
    tokens = append(tokens, sample(logits))
"""


@pytest.mark.parametrize(
    ("files", "families"),
    [
        # --- signals: the file's name says it is an entrypoint, its code that it trains
        ({"train_gpt2.c": LLMC_C}, {ENTRY, LOOP}),
        ({"train_gpt2.cu": LLMC_CU}, {ENTRY, LOOP}),
        ({"src/train.cpp": LIBTORCH}, {ENTRY, LOOP}),
        # A compiled program's `main` is named by its folder (Cargo's examples).
        ({"candle-examples/examples/mnist-training/main.rs": CANDLE}, {ENTRY, LOOP}),
        ({"src/bin/train.rs": BURN}, {ENTRY, LOOP}),
        ({"scripts/train.jl": FLUX}, {ENTRY, LOOP}),
        # JAX is Python: a jitted or pjit-sharded step with gradients and an optax/flax update.
        ({"train.py": EASYLM}, {ENTRY, LOOP}),
        ({"pretrain/optax_loop.py": OPTAX}, {ENTRY, LOOP}),
        # ... also when a pretraining script runs it as a module (EasyLM's layout).
        ({"examples/pretrain_llama_7b.sh": PRETRAIN_SH, "lab/models/llama_train.py": EASYLM},
         {ENTRY, LOOP}),
        # --- exclusions: a name alone is no evidence in these languages
        ({"train_gpt2.c": COMMENTED}, set()),
        ({"training/sample.cpp": LLAMA_MAIN}, set()),
        ({"train_kernels.cu": KERNELS}, set()),
        ({"train_tokenizer.c": TOKENIZER}, set()),
        ({"examples/llama-training/main.rs": CANDLE_GENERATE}, set()),
        ({"training/predict.jl": FLUX_PREDICT}, set()),
        # Training code not named like an entrypoint: an inference main, a kernel library,
        # llm.c's own test of its trainer, a header.
        ({"examples/main/main.cpp": LLAMA_MAIN}, set()),
        ({"llmc/adamw.cuh": KERNELS}, set()),
        ({"dev/cuda/matmul_backward.cu": KERNELS}, set()),
        ({"test_gpt2.cu": LLMC_CU}, set()),
        ({"src/main.rs": CANDLE}, set()),
        # A module a script runs is an entrypoint only when its code trains.
        ({"examples/pretrain_llama_7b.sh": PRETRAIN_SH, "lab/models/llama_train.py": JAX_SAMPLE},
         {ENTRY}),
    ],
)
def test_training_code_in_other_languages(files: dict[str, str], families: set[Family]) -> None:
    training = assess(tuple(files), files, None)
    assert set(training.signals) == families
    assert training.found is (LOOP in families)


@pytest.mark.parametrize(
    ("path", "text", "shown"),
    [
        ("train_gpt2.c", LLMC_C, ("C/C++/CUDA", "`gpt2_backward(`", "`gpt2_update(`")),
        ("train_gpt2.cu", LLMC_CU, ("`gpt2_backward_and_reduce(`", "`for (int step =`")),
        ("train.cpp", LIBTORCH, ("`optimizer.step(`", "`for (size_t epoch =`")),
        ("train.rs", CANDLE, ("Rust", "`.backward_step(`")),
        ("train.rs", BURN, ("burn's Learner", "`LearnerBuilder::new`")),
        ("train.jl", FLUX, ("Julia", "`Flux.gradient(`", "`Flux.update!(`")),
        ("train.py", EASYLM, ("JAX training step", "`jax.value_and_grad(`", "`.apply_gradients(`")),
        ("train.py", OPTAX, ("`from jax import value_and_grad`", "`optimizer.update(`")),
        ("train.py", "loss.backward()\noptimizer.step()\n", ("hand-written loop in Python",)),
        ("train.cpp", LLAMA_MAIN, None),
        ("train.cu", KERNELS, None),
        ("train.c", TOKENIZER, None),
        ("train.c", COMMENTED, None),
        ("train.rs", CANDLE_GENERATE, None),
        ("train.jl", FLUX_PREDICT, None),
        ("train.py", JAX_SAMPLE, None),
    ],
)
def test_what_the_code_shows_names_its_signals(
    path: str, text: str, shown: tuple[str, ...] | None
) -> None:
    found = training_shown(path, text)
    if shown is None:
        assert found is None
    else:
        assert found is not None and all(s in found for s in shown), found


def test_source_entrypoints_are_read() -> None:
    paths = ("train_gpt2.c", "train_gpt2.cu", "llmc/adamw.cuh", "dev/cuda/adamw.cu", "main.cpp")
    chosen = choose_paths(paths, None)
    assert {"train_gpt2.c", "train_gpt2.cu"} <= set(chosen)
    assert not {"llmc/adamw.cuh", "dev/cuda/adamw.cu", "main.cpp"} & set(chosen)


def test_a_models_trainer_module_is_read() -> None:
    paths = ("lab/models/llama/llama_train.py", "lab/models/llama/llama_model.py", "lab/data.py")
    chosen = choose_paths(paths, None)
    assert "lab/models/llama/llama_train.py" in chosen
    assert not {"lab/models/llama/llama_model.py", "lab/data.py"} & set(chosen)


def check(files: dict[str, str]):
    git = FakeGit()
    git.add(URL, files)
    return CodeChecker().run(repo(URL, None), fake_clients(git=git), NOW)


def test_a_c_cuda_trainer_is_open_and_the_evidence_names_file_and_signals() -> None:
    files = {"LICENSE": MIT_TEXT, "train_gpt2.cu": LLMC_CU, "llmc/adamw.cuh": KERNELS}
    result = check(files)
    assert result.verdict is Verdict.OPEN
    found = result.reasons[0]
    assert "training entrypoint (train_gpt2.cu)" in found
    assert "train_gpt2.cu shows a hand-written training loop in C/C++/CUDA" in found
    assert "`gpt2_update(`" in found
    assert result.evidence is not None
    loops = result.evidence.facts["training_loops"]
    assert set(loops) == {"train_gpt2.cu"}  # type: ignore[arg-type]


def test_an_inference_only_c_repo_is_absent_and_names_its_inference_code() -> None:
    files = {"LICENSE": MIT_TEXT, "run.c": LLAMA_MAIN, "tokenizer.c": TOKENIZER}
    result = check(files)
    assert result.verdict is Verdict.ABSENT
    assert "it holds inference code (run.c)" in result.reasons[0]
