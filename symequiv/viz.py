"""Weight-sharing pictures (matplotlib and networkx, imported when called).

Both functions accept an integer colour array (``-1`` = always zero) or AutoEquiv's
dict form (``{(input, output): colour}`` for weights, ``{output: colour}`` for biases)
and return ``(figure, axes)``.

>>> import numpy as np
>>> fig, ax = draw_colored_matrix(np.array([[0, 1], [1, 0]]))
>>> len(distinct_colors(ax))
2
"""

import numpy as np

__all__ = ["draw_colored_matrix", "draw_colored_bipartite_graph", "palette", "distinct_colors"]


def _as_array(colors):
    if isinstance(colors, dict):
        keys = list(colors)
        if keys and isinstance(keys[0], tuple):
            n_in = max(i for i, _ in keys) + 1
            n_out = max(j for _, j in keys) + 1
            arr = np.full((n_out, n_in), -1, dtype=np.int64)
            for (i, j), c in colors.items():
                arr[j, i] = c
            return arr
        n = max(keys) + 1 if keys else 0
        arr = np.full((1, n), -1, dtype=np.int64)
        for j, c in colors.items():
            arr[0, j] = c
        return arr
    if hasattr(colors, "detach"):
        colors = colors.detach().cpu().numpy()
    from .errors import InvalidArgumentError
    arr = np.asarray(colors)
    if arr.dtype.kind not in "iu":
        raise InvalidArgumentError(f"colours must be integers (a colour per entry, -1 where always "
                                   f"zero; e.g. B.colors), got dtype {arr.dtype}.")
    if arr.ndim not in (1, 2) or arr.size == 0:
        raise InvalidArgumentError(f"colours must be a non-empty 1-d or 2-d array, got shape "
                                   f"{arr.shape}.")
    return arr.reshape(1, -1) if arr.ndim == 1 else arr


def palette(k):
    """``k`` distinct RGB colours (tab20 up to 20, evenly spaced hues beyond).

    >>> palette(3).shape, len({tuple(c) for c in palette(40)})
    ((3, 3), 40)
    """
    import matplotlib
    if k <= 20:
        base = matplotlib.colormaps["tab20"].colors
        return np.array(base[:k], dtype=np.float64)
    hues = np.arange(k) / k
    sat = 0.55 + 0.45 * (np.arange(k) % 2)
    hsv = np.stack([hues, sat, np.full(k, 0.9)], axis=1)
    return matplotlib.colors.hsv_to_rgb(hsv)


def _figure(ax, size):
    import matplotlib.pyplot as plt
    if ax is None:
        fig, ax = plt.subplots(figsize=size)
    else:
        fig = ax.figure
    return fig, ax


def draw_colored_matrix(colors, ax=None):
    """Draw the colour map as a matrix of coloured cells (white where always zero).

    >>> fig, ax = draw_colored_matrix({(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 0})
    >>> len(distinct_colors(ax))
    2
    """
    arr = _as_array(colors)
    k = int(arr.max()) + 1 if arr.size and arr.max() >= 0 else 0
    pal = palette(k)
    img = np.ones(arr.shape + (3,))
    mask = arr >= 0
    img[mask] = pal[arr[mask]]
    h, w = arr.shape
    fig, ax = _figure(ax, (max(2, min(10, w / 4)), max(1, min(10, h / 4))))
    ax.imshow(img, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    return fig, ax


def draw_colored_bipartite_graph(colors, ax=None):
    """Draw inputs (top row) joined to outputs (bottom row), each edge in its weight's colour.

    >>> import numpy as np
    >>> fig, ax = draw_colored_bipartite_graph(np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]]))
    >>> len(distinct_colors(ax))
    2
    """
    import networkx as nx
    arr = _as_array(colors)
    n_out, n_in = arr.shape
    k = int(arr.max()) + 1 if arr.size and arr.max() >= 0 else 0
    pal = palette(k)
    g = nx.DiGraph()
    pos = {}
    for i in range(n_in):
        g.add_node(("in", i))
        pos[("in", i)] = (i - (n_in - 1) / 2, 1.0)
    for j in range(n_out):
        g.add_node(("out", j))
        pos[("out", j)] = (j - (n_out - 1) / 2, 0.0)
    edges, ecolors = [], []
    for j in range(n_out):
        for i in range(n_in):
            if arr[j, i] >= 0:
                edges.append((("in", i), ("out", j)))
                ecolors.append(tuple(pal[arr[j, i]]))
    g.add_edges_from(edges)
    fig, ax = _figure(ax, (max(3, min(12, max(n_in, n_out) / 2)), 3))
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=60, node_color="black")
    nx.draw_networkx_edges(g, pos, edgelist=edges, edge_color=ecolors, ax=ax, arrows=False)
    ax.set_axis_off()
    return fig, ax


def distinct_colors(ax):
    """The set of distinct non-white colours actually drawn on ``ax`` (images and lines).

    >>> import numpy as np
    >>> fig, ax = draw_colored_matrix(np.array([[-1, 0]]))      # -1 is drawn white
    >>> len(distinct_colors(ax))
    1
    """
    seen = set()
    for im in ax.get_images():
        a = np.asarray(im.get_array())[..., :3].reshape(-1, 3)
        for row in np.unique(np.round(a, 6), axis=0):
            seen.add(tuple(row))
    for coll in ax.collections:
        cols = coll.get_edgecolor() if hasattr(coll, "get_segments") else []
        for row in np.unique(np.round(np.asarray(cols)[:, :3], 6), axis=0) if len(cols) else []:
            seen.add(tuple(row))
    seen.discard((1.0, 1.0, 1.0))
    return seen
