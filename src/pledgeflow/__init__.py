"""pledgeflow: coordinating multinational assistance from needs and pledges to deliveries."""

__version__ = "0.1.0"
