"""The map wing: symbology, features, hexagon bins, legend and the folium map."""
