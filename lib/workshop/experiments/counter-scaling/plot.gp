# counter-scaling: increments per second vs threads, one line per fix, the no-sharing limit
# dashed in black, the core count as a vertical line. Loaded after plot/style.gp.
file = data_dir.'/counter-scaling.tsv'

# The variant keys the program writes (column 1), in the legend's order, with what the legend says.
array keys[9] = ['limit', 'padded-shards', 'atomic-shards', 'enumerable-thread-specific', \
                 'combinable', 'atomic-fetch-add', 'absl-mutex', 'std-mutex', 'unpadded-shards']
array titles[9] = ['limit: a private counter each', 'padded shards (03)', 'atomic shards (03)', \
                   'enumerable\_thread\_specific (03)', 'tbb::combinable (03)', \
                   'one atomic, fetch\_add (02)', 'absl::Mutex (01)', 'std::mutex (01)', \
                   'unpadded shards: false sharing']
# Sharded fixes in blues and greens, one shared variable in warm colours, the limit black dashed.
array styles[9] = [10, 1, 6, 3, 9, 4, 5, 2, 8]
set linetype 9 lc rgb '#005A3C' lw 4 pt 13 ps 1.8
set linetype 10 lc rgb '#000000' lw 5 pt 4 ps 1.6 dt 2

set title "What does each fix cost? One counter, all threads counting" font ',28'
set xlabel 'threads'
set ylabel 'million increments per second (log scale)'
set logscale y
set format y '%g'
set xrange [0.7:*]
set xtics 1
set key outside right top Left reverse width -2 font ',20'

set arrow 1 from cores, graph 0 to cores, graph 1 nohead lw 3 dt 3 lc rgb '#555555' back
set label 1 sprintf('%d cores', cores) at cores, graph 0.96 offset 0.6, 0 left textcolor rgb '#555555'

plot for [i = 1:9] file using 2:(strcol(1) eq keys[i] ? $3 / 1e6 : NaN):($4 / 1e6):($5 / 1e6) \
     with yerrorlines linetype styles[i] title titles[i]
