// Times oneDNN convolutions for bench/run.sh onednn-conv (Latent.Bench/OneDnnConvCompare.cs); a peer, never part of Latent.
// It times oneDNN convolutions at W2's DCGAN layers (batch 64): forward, and forward + backward (data and weights),
// with activations and weights in plain NCHW / OIHW and every reorder to oneDNN's chosen layouts counted.
#include <oneapi/dnnl/dnnl.hpp>
#include <chrono>
#include <cstdio>
#include <vector>
#include <algorithm>
#include <functional>
#include <string>
using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

static double median(std::function<void()> f, int reps, int warmup) {
  for (int i = 0; i < warmup; i++) f();
  std::vector<double> t;
  for (int i = 0; i < reps; i++) {
    auto s = std::chrono::steady_clock::now(); f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count());
  }
  std::sort(t.begin(), t.end()); return t[t.size() / 2];
}

struct Layer { const char* name; memory::dims src, wei, dst; int stride, pad; bool transposed; };

struct Memories { memory src_u, wei_u, dst_u, dsrc_u, ddst_u, dwei_u; };
struct Timing { double forward, step; std::string impl; };

// One layer's forward and forward + backward times for a primitive family (convolution or deconvolution), the plain
// NCHW / OIHW tensors in m reordered to and from the layouts oneDNN picks on every call.
template <class Fwd, class BwdData, class BwdWeights>
static Timing time_layer(engine& eng, stream& s, const Layer& L, algorithm alg, Memories& m) {
  memory::dims strides = {L.stride, L.stride}, pad = {L.pad, L.pad};
  auto any_src = memory::desc(L.src, dt::f32, tag::any), any_wei = memory::desc(L.wei, dt::f32, tag::any), any_dst = memory::desc(L.dst, dt::f32, tag::any);
  auto fpd = typename Fwd::primitive_desc(typename Fwd::desc(prop_kind::forward_training, alg, any_src, any_wei, any_dst, strides, pad, pad), eng);
  auto dpd = typename BwdData::primitive_desc(typename BwdData::desc(alg, any_src, any_wei, any_dst, strides, pad, pad), eng, fpd);
  auto wpd = typename BwdWeights::primitive_desc(typename BwdWeights::desc(alg, any_src, any_wei, any_dst, strides, pad, pad), eng, fpd);
  auto src = memory(fpd.src_desc(), eng), wei = memory(fpd.weights_desc(), eng), dst = memory(fpd.dst_desc(), eng);
  auto ddst = memory(dpd.diff_dst_desc(), eng), dwei_b = memory(dpd.weights_desc(), eng), dsrc = memory(dpd.diff_src_desc(), eng);
  auto wsrc = memory(wpd.src_desc(), eng), wddst = memory(wpd.diff_dst_desc(), eng), dwei = memory(wpd.diff_weights_desc(), eng);
  auto cf = Fwd(fpd); auto cd = BwdData(dpd); auto cw = BwdWeights(wpd);
  auto fwd = [&]() {
    reorder(m.src_u, src).execute(s, m.src_u, src); reorder(m.wei_u, wei).execute(s, m.wei_u, wei);
    cf.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
    reorder(dst, m.dst_u).execute(s, dst, m.dst_u); s.wait(); };
  auto step = [&]() {
    fwd();
    reorder(m.ddst_u, ddst).execute(s, m.ddst_u, ddst); reorder(m.wei_u, dwei_b).execute(s, m.wei_u, dwei_b);
    cd.execute(s, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_WEIGHTS, dwei_b}, {DNNL_ARG_DIFF_SRC, dsrc}});
    reorder(dsrc, m.dsrc_u).execute(s, dsrc, m.dsrc_u);
    reorder(m.src_u, wsrc).execute(s, m.src_u, wsrc); reorder(m.ddst_u, wddst).execute(s, m.ddst_u, wddst);
    cw.execute(s, {{DNNL_ARG_SRC, wsrc}, {DNNL_ARG_DIFF_DST, wddst}, {DNNL_ARG_DIFF_WEIGHTS, dwei}});
    reorder(dwei, m.dwei_u).execute(s, dwei, m.dwei_u); s.wait(); };
  return {median(fwd, 31, 10), median(step, 31, 10), fpd.impl_info_str()};
}

int main() {
  engine eng(engine::kind::cpu, 0); stream s(eng);
  // Direct convolutions: wei [O, I, kh, kw]; transposed ones: wei [I_in=src C, O=dst C, kh, kw] in Latent's layout,
  // oneDNN's deconvolution takes weights [O, I, kh, kw] with O = dst channels.
  std::vector<Layer> layers = {
    {"d_conv1 1->64 k4 s2 p1 28x28", {64,1,28,28}, {64,1,4,4}, {64,64,14,14}, 2, 1, false},
    {"d_conv2 64->128 k4 s2 p1 14x14", {64,64,14,14}, {128,64,4,4}, {64,128,7,7}, 2, 1, false},
    {"g_convt1 100->256 k7 s1 p0 1x1", {64,100,1,1}, {256,100,7,7}, {64,256,7,7}, 1, 0, true},
    {"g_convt2 256->128 k4 s2 p1 7x7", {64,256,7,7}, {128,256,4,4}, {64,128,14,14}, 2, 1, true},
    {"g_convt3 128->1 k4 s2 p1 14x14", {64,128,14,14}, {1,128,4,4}, {64,1,28,28}, 2, 1, true},
  };
  printf("[\n");
  for (size_t li = 0; li < layers.size(); li++) {
    auto& L = layers[li];
    auto src_u = memory({L.src, dt::f32, tag::nchw}, eng), wei_u = memory({L.wei, dt::f32, tag::oihw}, eng), dst_u = memory({L.dst, dt::f32, tag::nchw}, eng);
    auto dsrc_u = memory({L.src, dt::f32, tag::nchw}, eng), ddst_u = memory({L.dst, dt::f32, tag::nchw}, eng), dwei_u = memory({L.wei, dt::f32, tag::oihw}, eng);
    for (auto* m : {&src_u, &wei_u, &ddst_u}) { float* p = (float*)m->get_data_handle(); size_t n = m->get_desc().get_size() / 4; for (size_t i = 0; i < n; i++) p[i] = (float)((i * 2654435761u) % 1000) / 1000.f - 0.5f; }
    double macs = 1; for (auto d : (L.transposed ? L.src : L.dst)) macs *= d;
    macs *= (L.transposed ? L.wei[0] : L.wei[1]) * L.wei[2] * L.wei[3];
    Memories m{src_u, wei_u, dst_u, dsrc_u, ddst_u, dwei_u};
    Timing t = L.transposed
      ? time_layer<deconvolution_forward, deconvolution_backward_data, deconvolution_backward_weights>(eng, s, L, algorithm::deconvolution_direct, m)
      : time_layer<convolution_forward, convolution_backward_data, convolution_backward_weights>(eng, s, L, algorithm::convolution_direct, m);
    printf("  {\"layer\": \"%s\", \"forward_ms\": %.4f, \"forward_backward_ms\": %.4f, \"forward_gflops\": %.2f, \"forward_backward_gflops\": %.2f, \"impl\": \"%s\"}%s\n",
      L.name, t.forward * 1e3, t.step * 1e3, 2 * macs / t.forward / 1e9, 6 * macs / t.step / 1e9, t.impl.c_str(), li + 1 < layers.size() ? "," : "");
  }
  printf("]\n");
}
